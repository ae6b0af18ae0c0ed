/**
 * `npm run bench:jobs`: 1,000 jobs due at the same moment, through real Agenda on the real
 * database (MONGODB_URI, else the embedded one). Two phases in one run: a no-op job (Agenda's own
 * cost) and the real dispatch-overdue job (ticket reload, claim, recipients, outbox, timeline).
 * Prints lateness (due → handled) p50/p99, jobs per second, database commands per job and the
 * database's share of handler time, and the real/no-op ratios.
 */
import mongoose, { Types } from 'mongoose';
import { createCalendar } from '../src/app.js';
import { loadConfig } from '../src/config/load.js';
import { ensureCollections } from '../src/data/connection.js';
import { benchDatabase, percentile } from './support.js';
import { Person, Ticket, Zone } from '../src/data/models/index.js';
import { loadDemoData } from '../src/demo/seed.js';
import { createLogger } from '../src/log.js';
import { OutboxNotifier } from '../src/notify/outbox.js';
import { Scheduler } from '../src/scheduler/scheduler.js';
import { ImportService } from '../src/services/import-service.js';
import { TicketService } from '../src/services/ticket-service.js';
import { reconcileOpenTickets } from '../src/data/ticket-store.js';

const N = Number(process.env.BENCH_JOBS ?? 1000);
const log = createLogger(process.env.BENCH_LOG ? 'error' : 'silent');
const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' }, { scheduler: { processEvery: '200ms' } });

const database = await benchDatabase('wuye-bench');
const uri = database.uri;
await mongoose.connect(uri, { dbName: `bench_${Date.now()}`, autoIndex: false, monitorCommands: true });
await ensureCollections();

// database time: every command's duration, from the driver's command monitoring
let dbMillis = 0;
let dbCommands = 0;
const client = mongoose.connection.getClient();
const byCommand = new Map<string, { n: number; ms: number }>();
const tally = (e: { commandName: string; duration: number }) => {
  const key = e.commandName;
  const t = byCommand.get(key) ?? { n: 0, ms: 0 };
  t.n++;
  t.ms += e.duration;
  byCommand.set(key, t);
};
client.on('commandSucceeded', (e) => ((dbMillis += e.duration), dbCommands++, tally(e)));
client.on('commandFailed', (e) => ((dbMillis += e.duration), dbCommands++));

const { communityId } = await loadDemoData({ imports: new ImportService(), log });
const calendar = createCalendar(config);
const tickets = new TicketService({ config, calendar, log });
const scheduler = new Scheduler({
  config,
  calendar,
  log,
  tickets,
  notifier: new OutboxNotifier(
    { ...config.notify, quietStart: 0, quietEnd: 1, timezone: config.timezone },
    log,
  ),
  now: () => new Date(),
});
const agenda = scheduler.agenda;

const pct = percentile;

interface Phase {
  handled: number;
  name: string;
  p50: number;
  p99: number;
  perSecond: number;
  commandsPerJob: number;
  dbShare: number;
}

async function phase(name: string, jobName: string, makeJobs: (due: Date) => Promise<void>): Promise<Phase> {
  const handled: number[] = [];
  let handlerMillis = 0;
  const startedAt = new Map<string, number>();
  const onStart = (job: { attrs: { _id?: unknown; name: string } }) =>
    job.attrs.name === jobName && startedAt.set(String(job.attrs._id), Date.now());
  const onComplete = (job: { attrs: { _id?: unknown; name: string } }) => {
    if (job.attrs.name !== jobName) return;
    const s = startedAt.get(String(job.attrs._id));
    if (s) handlerMillis += Date.now() - s;
    handled.push(Date.now());
  };
  agenda.on('start', onStart as never);
  agenda.on('complete', onComplete as never);
  // every job is made first, due far ahead, then all are made due at one moment with one
  // `updateMany` of their `nextRunAt` (making 1,000 real ones, each through syncTicket, takes from
  // tens of seconds to minutes on FerretDB, with the machine's load: with a fixed lead, jobs ran
  // while others were still being made, outside the phase's command count, and their lateness
  // counted the making). The jobs' own data (the deadline they watch) is untouched.
  const made = Date.now();
  await makeJobs(new Date(Date.now() + 86_400_000));
  const jobs = mongoose.connection.db!.collection('agendaJobs');
  // the update itself reads and writes all N on FerretDB (~2 s for 1,000 on a quiet machine):
  // the moment is set far enough ahead that every job is due at it, none before the others
  const due = new Date(Date.now() + 5000 + N * 15);
  await jobs.updateMany({ name: jobName }, { $set: { nextRunAt: due } });
  if (Date.now() > due.getTime()) console.log(`${name}: making them due took past the moment they were due`);
  console.error(`  ${name}: ${N} jobs made in ${Date.now() - made} ms, all due at ${due.toISOString()}`);
  await new Promise((r) => setTimeout(r, Math.max(0, due.getTime() - Date.now())));
  byCommand.clear();
  const db0 = dbMillis,
    cmd0 = dbCommands;
  const deadline = Date.now() + Number(process.env.BENCH_PHASE_SECONDS ?? 900) * 1000;
  let nextReport = Date.now() + 10_000;
  while (handled.length < N && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    if (Date.now() >= nextReport) {
      console.error(
        `  ${name}: ${handled.length}/${N} handled, ${Math.round((Date.now() - due.getTime()) / 1000)} s after due`,
      );
      nextReport += 10_000;
    }
  }
  const last = Math.max(...handled);
  await new Promise((r) => setTimeout(r, 1000)); // let Agenda remove the finished one-shot jobs
  const left = await mongoose.connection.db!.collection('agendaJobs').countDocuments({ name: jobName });
  if (left) console.log(`${name}: ${left} of its jobs still stored (not run yet, or not yet removed)`);
  console.log(
    `${name}: database commands by kind: ` +
      [...byCommand.entries()]
        .sort((a, b) => b[1].ms - a[1].ms)
        .map(([k, t]) => `${k} ×${t.n} ${(t.ms / 1000).toFixed(1)} s (avg ${(t.ms / t.n).toFixed(0)} ms)`)
        .join(', '),
  );
  byCommand.clear();
  agenda.off('start', onStart as never);
  agenda.off('complete', onComplete as never);
  const lateness = handled.map((t) => t - due.getTime());
  return {
    name,
    handled: handled.length,
    p50: pct(lateness, 50),
    p99: pct(lateness, 99),
    perSecond: Math.round((handled.length / Math.max(1, last - due.getTime())) * 1000 * 10) / 10,
    commandsPerJob: Math.round(((dbCommands - cmd0) / handled.length) * 10) / 10,
    dbShare: Math.round(((dbMillis - db0) / Math.max(1, handlerMillis)) * 1000) / 10,
  };
}

function row(p: Phase): string {
  return `${p.name.padEnd(34)} ${p.handled}/${N} handled  lateness p50 ${String(p.p50).padStart(6)} ms  p99 ${String(p.p99).padStart(6)} ms  ${String(p.perSecond).padStart(7)} jobs/s  ${String(p.commandsPerJob).padStart(5)} db cmds/job  db share ${p.dbShare}%`;
}

agenda.define('bench.noop', async () => undefined);
await scheduler.start();

const noop = await phase('no-op job (Agenda alone)', 'bench.noop', async (due) => {
  for (let i = 0; i < N; i++) await agenda.create('bench.noop', { i }).schedule(due).save();
});
console.log(row(noop)); // at once: the real phase takes much longer

const zone = (await Zone.findOne({ communityId, code: 'B' }).lean())!;
const reporter = (await Person.findOne({ name: '徐勇' }).lean())!;
const real = await phase('dispatch-overdue job (real work)', 'ticket.dispatch-overdue', async (due) => {
  const docs = Array.from({ length: N }, (_, i) => ({
    _id: new Types.ObjectId(),
    sourceKey: `bench-${i}`,
    communityId: new Types.ObjectId(communityId),
    number: `BX20990101-${String(i + 1).padStart(4, '0')}`,
    kind: 'repair',
    department: 'engineering',
    scope: 'public',
    zoneId: zone._id,
    location: `3栋${i}号灯`,
    reporterId: reporter._id,
    description: '灯坏了',
    state: 'received',
    version: 0,
    sla: { dispatchBy: due },
  }));
  await Ticket.insertMany(docs);
  await reconcileOpenTickets(); // their open copies, as the start-up maintenance makes them
  for (const t of docs) await scheduler.syncTicket((await Ticket.findById(t._id).lean()) as never, null);
});

await scheduler.drain();
console.log(
  `\n${N} jobs due at one moment · database: ${database.kind} · processEvery ${config.scheduler.processEvery} ms · concurrency 40/job type`,
);
console.log(row(noop));
console.log(row(real));
console.log(
  `ratio real/no-op: p50 ×${(real.p50 / noop.p50).toFixed(2)}, p99 ×${(real.p99 / noop.p99).toFixed(2)}, throughput ×${(real.perSecond / noop.perSecond).toFixed(2)}`,
);
console.log(
  'db share = time in database commands (all, including Agenda polling) / time inside job handlers',
);

await mongoose.connection.db!.dropDatabase();
await mongoose.disconnect();
await database.stop();
