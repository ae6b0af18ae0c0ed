import { createCalendar } from '../../src/app.js';
import { JobClaim } from '../../src/data/claims.js';
import type { Notification, Notifier } from '../../src/notify/notification.js';
import { Outbox, OutboxNotifier } from '../../src/notify/outbox.js';
import { Scheduler } from '../../src/scheduler/scheduler.js';
import { useTestDatabase } from '../support/db.js';
import { demoDomain, silentLog, type TestDomain } from '../support/fixtures.js';
import { fastConfig, waitFor } from '../support/scheduler.js';

useTestDatabase();

/** A channel that fails its first `failures` calls, like a database or network hiccup. */
class Flaky implements Notifier {
  calls = 0;
  constructor(
    private readonly inner: Notifier,
    private failures: number,
  ) {}
  async notify(n: Notification) {
    this.calls++;
    if (this.failures > 0) {
      this.failures--;
      throw new Error('channel down');
    }
    await this.inner.notify(n);
  }
}

const config = fastConfig({ scheduler: { processEvery: '100ms', jobRetryDelay: '300ms', jobRetries: 4 } });
let d: TestDomain;
let scheduler: Scheduler;
let flaky: Flaky;

beforeAll(async () => {
  d = await demoDomain({ config });
  flaky = new Flaky(new OutboxNotifier({ ...config.notify, timezone: config.timezone }, silentLog), 1);
  scheduler = new Scheduler({
    config,
    calendar: createCalendar(config),
    log: silentLog,
    tickets: d.tickets,
    notifier: flaky,
    now: () => new Date(),
  });
  d.tickets.onChange((t, before) => scheduler.syncTicket(t, before));
  await scheduler.start();
});
afterAll(() => scheduler.drain());

it('retries a job that failed, with backoff, and marks its occurrence done only after it succeeded', async () => {
  const t = await d.tickets.create(await d.as('徐勇'), {
    kind: 'repair',
    scope: 'public',
    location: '4栋大堂',
    description: '大堂灯不亮',
  });
  await d.tickets.idle();
  const key = (c: { _id: string }) => c._id.startsWith(`ticket.dispatch-overdue:${t._id}:`);
  // the first run fails (the channel throws) and must leave the occurrence open, not done
  const failed = await waitFor(
    async () => flaky.calls,
    (n) => n >= 1,
    15_000,
  );
  expect(failed).toBeGreaterThanOrEqual(1);
  // then Agenda runs it again after the backoff, and everyone is told once
  const rows = await waitFor(
    () => Outbox.find({ ticketNumber: t.number, reason: 'dispatch_overdue' }).lean(),
    (r) => r.length >= 2,
    15_000,
  );
  expect(rows).toHaveLength(2);
  const claims = await waitFor(
    async () => (await JobClaim.find({}).lean()).filter((c) => key(c as never)),
    (c) => c.some((x) => String(x._id).endsWith('#done')),
    5_000,
  );
  // one claim, and one mark that its work is done (a second document: claims are never updated)
  expect(claims.map((c) => String(c._id).endsWith('#done')).sort()).toEqual([false, true]);
});
