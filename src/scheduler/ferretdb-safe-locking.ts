import type { MongoBackend } from '@agendajs/mongo-backend';
import { toJobId } from 'agenda';
import { Types } from 'mongoose';
import { MAX_STATEMENTS_PER_COMMAND } from '../data/batch.js';

type Locked = { _id?: unknown; lockedAt?: Date } | undefined;
type Repo = {
  getNextJobToRun(...args: unknown[]): Promise<Locked>;
  lockJob(...args: unknown[]): Promise<Locked>;
  getJobById?(id: unknown): Promise<unknown>;
  saveJobState(job: JobState, options?: object): Promise<void>;
  removeJobs(options: Record<string, unknown>): Promise<number>;
  collection: {
    bulkWrite(ops: object[], options: object): Promise<unknown>;
    deleteMany(filter: object): Promise<unknown>;
    findOne(filter: object, options?: object): Promise<Record<string, unknown> | null>;
    find(filter: object, options?: object): { toArray(): Promise<Array<Record<string, unknown>>> };
    findOneAndUpdate(
      filter: object,
      update: object,
      options: object,
    ): Promise<Record<string, unknown> | null>;
  };
};

interface JobState {
  _id?: unknown;
  name: string;
  lockedAt?: Date | null;
  lastRunAt?: Date | null;
  nextRunAt?: Date | null;
  failedAt?: Date | null;
  repeatInterval?: unknown;
  repeatAt?: unknown;
}

interface Candidate {
  _id: Types.ObjectId;
  nextRunAt?: Date | null;
  lockedAt?: Date | null;
}

/**
 * Agenda locks a job with one conditional findOneAndUpdate. On MongoDB that is atomic; on
 * FerretDB's SQLite backend it is a query followed by a write, so concurrent lock calls hand the
 * same job out several times: in one process Agenda then fills its queue with duplicates and
 * stalls (measured: 12 of 200 due jobs done after a minute). This wrapper (1) runs a process's
 * lock calls one at a time and (2) re-reads a job it locked and keeps it only when the stored
 * lock is still its own, so another process's overlapping lock makes it step back. The job
 * claims (claims.ts) still guarantee exactly-once work where both checks race.
 *
 * (3) At most one lock scan per job name waits in that line: Agenda starts a scan of every job
 * name every `processEvery`, whether or not the previous round finished, and on FerretDB each
 * scan reads the whole jobs collection. With 1,000 stored jobs a round of 12 names took longer
 * than the interval, the line grew without end, and due jobs waited behind scans of empty names
 * (bench:jobs: 0 of 1,000 handled in 45 s). A scan for a name already waiting is answered "no
 * job" at once; the waiting one will lock it.
 *
 * (4) Each lock scan still read the whole collection (FerretDB v1 pushes no filter but `_id` down
 * to SQLite: 50 ms at 1,000 jobs whatever the filter) to lock one job. Now one scan lists up to
 * 50 due jobs of a name in Agenda's order, and each is then locked by a conditional update on its
 * `_id` with Agenda's own conditions (unlocked, same nextRunAt, not disabled) but without a sort,
 * which FerretDB does push down: 8 ms instead of 50–100 ms. A name with no due job is not scanned
 * again for a few polling intervals (at most 5 s); a job whose lock expired still goes through
 * Agenda's own scan.
 *
 * (5) Fewer commands per job (bench:jobs, 1,000 jobs due at once: 5.6 commands and ~200 ms of
 * database time per no-op job before). Due jobs are locked in batches: one bulk write of
 * conditional updates by `_id` for up to `LOCK_BATCH` of them, one read of those jobs to keep the
 * ones whose stored lock is this worker's (the verification of (2) for the whole batch); Agenda's
 * next asks are answered from the batch. A one-shot job's state is not saved when it starts (a
 * crash leaves it locked: after its lock lifetime it runs again, and its claim makes that harmless)
 * nor when it succeeded (it is removed next); removals of single jobs share one `deleteMany` by
 * `_id: {$in}` per moment (FerretDB reads the whole collection for it, but also for each statement
 * of a bulk of deletes).
 */
/** Below MAX_STATEMENTS_PER_COMMAND (batch.ts): FerretDB v1 stalls on an update of 100 statements. */
const LOCK_BATCH = 20;
const REMOVE_EVERY_MS = 100;
const oneShot = (j: JobState) => !j.repeatInterval && !j.repeatAt;
/** What Agenda's repository returns for a locked job (its computeJobObj): ids as JobIds, no nulls. */
function asJob(doc: Record<string, unknown>): Locked {
  const job = Object.fromEntries(Object.entries(doc).map(([k, v]) => [k, v ?? undefined]));
  return { ...job, _id: toJobId((doc._id as Types.ObjectId).toHexString()) } as Locked;
}

export function makeLockingSafe(
  backend: MongoBackend,
  workerName: string,
  processEvery = 5000,
  /** Whether Agenda removes a finished one-shot job of this name (else its state is always saved). */
  removedOnComplete: (name: string) => boolean = () => false,
): void {
  const repo = backend.repository as unknown as Repo;
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = chain.then(fn, fn);
    chain = run.catch(() => undefined);
    return run;
  };
  const verify = async (job: { _id?: unknown; lockedAt?: Date } | undefined) => {
    if (!job?._id || !job.lockedAt) return job;
    const stored = await repo.collection.findOne(
      { _id: new Types.ObjectId(String(job._id)) },
      { projection: { lockedAt: 1, lastModifiedBy: 1 } },
    );
    const mine =
      stored &&
      stored.lastModifiedBy === workerName &&
      (stored.lockedAt as Date | null)?.getTime() === new Date(job.lockedAt).getTime();
    return mine ? job : undefined;
  };
  const getNext = repo.getNextJobToRun.bind(repo);
  const lock = repo.lockJob.bind(repo);
  const waiting = new Set<unknown>();
  /** Jobs this worker locked in a batch and has not handed to Agenda yet, per name. */
  const held = new Map<unknown, Locked[]>();
  const verified = new WeakSet<object>();
  const candidates = new Map<unknown, { items: Candidate[]; at: number; empty: boolean }>();
  const rescanAfter = Math.max(processEvery, Math.min(processEvery * 5, 5000));
  const nextDue = async (args: unknown[]): Promise<Locked> => {
    const [name, nextScanAt, lockDeadline, , options] = args as [string, Date, Date, Date?, object?];
    for (let tries = 0; tries < 100; tries++) {
      const ready = held.get(name);
      if (ready?.length) return ready.shift();
      let c = candidates.get(name);
      const fresh = c && Date.now() - c.at < rescanAfter;
      if (c?.empty && fresh) return undefined;
      if (!c || !c.items.length || !fresh) {
        const items = (await repo.collection
          .find(
            {
              name,
              disabled: { $ne: true },
              $or: [
                { lockedAt: null, nextRunAt: { $lte: nextScanAt } },
                { lockedAt: { $lte: lockDeadline } },
              ],
            },
            {
              projection: { _id: 1, nextRunAt: 1, lockedAt: 1 },
              sort: { nextRunAt: 1, priority: -1 },
              limit: 50,
            },
          )
          .toArray()) as unknown as Candidate[];
        c = { items, at: Date.now(), empty: items.length === 0 };
        candidates.set(name, c);
        if (c.empty) return undefined;
      }
      const d = c.items[0]!;
      if (!d.lockedAt && d.nextRunAt && d.nextRunAt > nextScanAt) return undefined;
      if (d.lockedAt) {
        c.items.shift();
        const recovered = await getNext(...args); // an expired lock: Agenda's own recovery scan
        if (recovered) return recovered;
        continue;
      }
      const batch: Candidate[] = [];
      while (
        batch.length < LOCK_BATCH &&
        c.items.length &&
        !c.items[0]!.lockedAt &&
        !(c.items[0]!.nextRunAt && c.items[0]!.nextRunAt > nextScanAt)
      )
        batch.push(c.items.shift()!);
      const lockedAt = new Date();
      const by = (options as { lastModifiedBy?: string })?.lastModifiedBy ?? workerName;
      await repo.collection.bulkWrite(
        batch.map((b) => ({
          updateOne: {
            filter: { _id: b._id, name, lockedAt: null, nextRunAt: b.nextRunAt, disabled: { $ne: true } },
            update: { $set: { lockedAt, lastModifiedBy: by } },
          },
        })),
        { ordered: false },
      );
      // the batch read back: kept where the stored lock is this one (another worker's overlapping
      // lock makes this one step back)
      const docs = await repo.collection.find({ _id: { $in: batch.map((b) => b._id) } }).toArray();
      const mine = docs.filter(
        (doc) => doc.lastModifiedBy === by && (doc.lockedAt as Date | null)?.getTime() === lockedAt.getTime(),
      );
      held.set(
        name,
        mine.map((doc) => {
          const job = asJob(doc)!;
          verified.add(job);
          return job;
        }),
      );
    }
    return undefined;
  };
  repo.getNextJobToRun = (...args) => {
    const name = args[0];
    const ready = held.get(name);
    if (ready?.length) return Promise.resolve(ready.shift()); // locked and verified in a batch
    if (waiting.has(name)) return Promise.resolve(undefined);
    waiting.add(name);
    return serial(async () => {
      waiting.delete(name);
      const job = await nextDue(args);
      return job && verified.has(job) ? job : verify(job);
    });
  };

  const save = repo.saveJobState.bind(repo);
  repo.saveJobState = async (job, opts) => {
    const started = job.lockedAt && job.lastRunAt && job.lastRunAt >= job.lockedAt;
    if (oneShot(job) && started && removedOnComplete(job.name)) return;
    const failed = job.failedAt && job.lastRunAt && job.failedAt >= job.lastRunAt;
    if (oneShot(job) && !job.lockedAt && !job.nextRunAt && !failed && removedOnComplete(job.name)) return; // succeeded: removed next
    await save(job, opts);
  };

  let removals: Array<{ id: unknown; done: (err?: unknown) => void }> = [];
  const removeBatch = async () => {
    const batch = removals;
    removals = [];
    try {
      // one deleteMany by `_id: {$in}` per 50: FerretDB v1 reads the collection once per delete
      // statement, once per deleteMany (bench:bulk, 200 removals in tens: 0.56 s as bulks of
      // deleteOne, other commands held up to 444 ms; 0.34 s as deleteMany, held 94 ms)
      for (let i = 0; i < batch.length; i += MAX_STATEMENTS_PER_COMMAND)
        await repo.collection.deleteMany({
          _id: {
            $in: batch.slice(i, i + MAX_STATEMENTS_PER_COMMAND).map((r) => new Types.ObjectId(String(r.id))),
          },
        });
      for (const r of batch) r.done();
    } catch (err) {
      for (const r of batch) r.done(err);
    }
  };
  const remove = repo.removeJobs.bind(repo);
  repo.removeJobs = (options) => {
    const keys = Object.keys(options).filter((k) => options[k] !== undefined);
    if (keys.length !== 1 || keys[0] !== 'id') return remove(options);
    return new Promise<number>((resolve, reject) => {
      if (!removals.length) setTimeout(() => void removeBatch(), REMOVE_EVERY_MS);
      removals.push({ id: options.id, done: (err) => (err ? reject(err) : resolve(1)) });
    });
  };
  repo.lockJob = (...args) => serial(async () => verify(await lock(...args)));
}
