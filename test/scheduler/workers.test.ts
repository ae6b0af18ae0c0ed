import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Outbox } from '../../src/notify/outbox.js';
import { JobClaim } from '../../src/data/claims.js';
import { useTestDatabase } from '../support/db.js';
import { demoDomain, type TestDomain } from '../support/fixtures.js';
import { fastConfig, makeScheduler, sleep, waitFor } from '../support/scheduler.js';

const db = useTestDatabase();
const config = fastConfig();
let d: TestDomain;

beforeAll(async () => {
  d = await demoDomain({ config });
});

const publicRepairs = async (n: number, tag: string) => {
  const owner = await d.as('徐勇');
  const made = [];
  for (let i = 0; i < n; i++) {
    made.push(
      await d.tickets.create(owner, {
        kind: 'repair',
        scope: 'public',
        location: `3栋${tag}${i}号灯`,
        description: '灯坏了',
      }),
    );
  }
  await d.tickets.idle(); // their jobs are planned by the reactions to the creation
  return made;
};
const outboxCount = (numbers: string[]) => Outbox.countDocuments({ ticketNumber: { $in: numbers } });

describe('scheduler across restarts and processes', () => {
  it('runs a job that fell due while the scheduler was down, once, when it comes back', async () => {
    const first = makeScheduler(d, config);
    await first.start();
    const [t] = await publicRepairs(1, 'restart');
    await first.drain();
    await sleep(2600); // the 2 s dispatch deadline passes while nobody runs jobs
    expect(await outboxCount([t!.number])).toBe(0);
    const second = makeScheduler(d, config, { sync: false });
    await second.start();
    try {
      expect(
        await waitFor(
          () => outboxCount([t!.number]),
          (n) => n >= 2,
        ),
      ).toBe(2);
      await sleep(1000);
      expect(await outboxCount([t!.number])).toBe(2);
    } finally {
      await second.drain();
    }
  });

  it('sends every reminder exactly once with two worker processes on one database', async () => {
    const syncer = makeScheduler(d, config); // creates the jobs, runs none (not started)
    const tickets = await publicRepairs(20, 'twin');
    const numbers = tickets.map((t) => t.number);
    expect(
      (await syncer.agenda.queryJobs({ name: 'ticket.dispatch-overdue' })).jobs.length,
    ).toBeGreaterThanOrEqual(20);
    const script = fileURLToPath(new URL('../support/scheduler-worker.ts', import.meta.url));
    const workers: ChildProcess[] = [];
    const ready: Promise<string>[] = [];
    for (let i = 0; i < 2; i++) {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', script, process.env.MONGODB_URI!, db.dbName],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      workers.push(child);
      ready.push(
        new Promise((resolve) => child.stdout!.once('data', (b: Buffer) => resolve(b.toString().trim()))),
      );
    }
    try {
      const names = await Promise.all(ready);
      expect(names.every((n) => n.startsWith('ready'))).toBe(true);
      // Exactly once is the property; how fast two workers drain contended jobs on FerretDB
      // (whose lock is not atomic) varies from 5 to 35 s here, so the wait is generous.
      const started = Date.now();
      expect(
        await waitFor(
          () => outboxCount(numbers),
          (n) => n >= 40,
          60_000,
        ),
      ).toBe(40);
      console.info(
        `two workers delivered 40 reminders for 20 tickets in ${Date.now() - started} ms after start`,
      );
      await sleep(1500);
      expect(await outboxCount(numbers)).toBe(40);
      for (const n of numbers)
        expect(await Outbox.countDocuments({ ticketNumber: n, reason: 'dispatch_overdue' })).toBe(2);
      // one claim per ticket: the other worker's attempts at the same occurrence were refused
      const claims = (await JobClaim.find({ _id: { $regex: '^ticket\\.dispatch-overdue:' } }).lean()).filter(
        (c) => !String(c._id).endsWith('#done'),
      ); // the marks that the work is done
      const ids = new Set(tickets.map((t) => String(t._id)));
      expect(claims.filter((c) => ids.has(String(c._id).split(':')[1] ?? '')).length).toBe(20);
    } finally {
      await Promise.all(
        workers.map(
          (w) => new Promise((r) => (w.exitCode !== null ? r(null) : (w.once('exit', r), w.kill('SIGTERM')))),
        ),
      );
    }
  }, 120_000);
});
