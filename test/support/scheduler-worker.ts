// A scheduler worker in a process of its own (for the two-process test): argv = uri, dbName.
import mongoose from 'mongoose';
import { createCalendar } from '../../src/app.js';
import { OutboxNotifier } from '../../src/notify/outbox.js';
import { Scheduler } from '../../src/scheduler/scheduler.js';
import { TicketService } from '../../src/services/ticket-service.js';
import { silentLog } from './fixtures.js';
import { fastConfig } from './scheduler.js';

const [uri, dbName] = process.argv.slice(2);
await mongoose.connect(uri!, { dbName, autoIndex: false });
const config = fastConfig({ scheduler: { processEvery: '100ms' } });
const debug = process.env.WORKER_DEBUG
  ? (await import('pino')).pino({ level: 'debug' }, (await import('pino')).pino.destination(2))
  : silentLog;
const calendar = createCalendar(config);
const tickets = new TicketService({ config, calendar, log: silentLog });
const scheduler = new Scheduler({
  config,
  calendar,
  log: debug,
  tickets,
  notifier: new OutboxNotifier({ ...config.notify, timezone: config.timezone }, silentLog),
  now: () => new Date(),
});
await scheduler.start();
process.stdout.write(`ready ${scheduler.worker}\n`);
process.once('SIGTERM', async () => {
  await scheduler.drain();
  await mongoose.disconnect();
  process.exit(0);
});
