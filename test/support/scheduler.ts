import { createCalendar } from '../../src/app.js';
import type { Config } from '../../src/config/schema.js';
import { Outbox, OutboxNotifier } from '../../src/notify/outbox.js';
import { Scheduler } from '../../src/scheduler/scheduler.js';
import { silentLog, testConfig, type TestDomain } from './fixtures.js';

/** Deadlines shrunk to seconds, a calendar where every minute is working time, no quiet hours. */
export function fastConfig(over: Record<string, unknown> = {}): Config {
  return testConfig({
    sla: {
      dispatch: '2s',
      accept: '1.5s',
      arriveInUnit: '2s',
      arrivePublic: '2s',
      quote: '2s',
      callbackWorkingDays: 2 / (23 * 3600 + 59 * 60),
      followUpEngineering: '1h',
      followUpOther: '1h',
      complaintPlan: '2s',
    },
    scheduler: {
      processEvery: '200ms',
      callbackOverdueWorkingDays: 2 / (23 * 3600 + 59 * 60),
      acceptLadder: [['assignee'], ['dept_supervisor'], ['zone_manager', 'cs_supervisor']],
    },
    calendar: { weekendDays: [], workStart: '00:00', workEnd: '23:59' },
    notify: { quietStart: '03:00', quietEnd: '03:01' },
    ...over,
  });
}

export function makeScheduler(d: TestDomain, config: Config, opts: { sync?: boolean } = {}): Scheduler {
  const scheduler = new Scheduler({
    config,
    calendar: createCalendar(config),
    log: silentLog,
    tickets: d.tickets,
    notifier: new OutboxNotifier({ ...config.notify, timezone: config.timezone }, silentLog),
    now: () => new Date(),
  });
  if (opts.sync !== false) d.tickets.onChange((t, before) => scheduler.syncTicket(t, before));
  return scheduler;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitFor<T>(
  probe: () => Promise<T>,
  ok: (v: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  let value = await probe();
  while (!ok(value) && Date.now() < end) {
    await sleep(100);
    value = await probe();
  }
  return value;
}

/** Outbox rows for a ticket: [reason, recipient name] in the order they were queued. */
export async function sentFor(number: string, names: Map<string, string>) {
  // in send order (notices of one moment share their createdAt)
  const rows = await Outbox.find({ ticketNumber: number }).sort({ order: 1 }).lean();
  return rows.map((r) => [r.reason, names.get(String(r.personId)) ?? String(r.personId)] as const);
}
