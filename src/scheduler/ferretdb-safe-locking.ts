import type { MongoBackend } from '@agendajs/mongo-backend';
import { toJobId } from 'agenda';
import { Types } from 'mongoose';
import { isDuplicateKey } from '../data/errors.js';

type Locked = { _id?: unknown; lockedAt?: Date } | undefined;
type Repo = {
  getNextJobToRun(...args: unknown[]): Promise<Locked>;
  lockJob(...args: unknown[]): Promise<Locked>;
  getJobById?(id: unknown): Promise<unknown>;
  saveJobState(job: JobState, options?: object): Promise<void>;
  unlockJob(job: { _id?: unknown }): Promise<void>;
  unlockJobs(ids: unknown[]): Promise<void>;
  removeJobs(options: Record<string, unknown>): Promise<number>;
  collection: {
    updateMany(filter: object, update: object): Promise<unknown>;
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
  name: string;
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
 * (4) Any filter but a bare `_id` reads the whole jobs collection on FerretDB v1, whatever it
 * asks for, so one scan serves every job name: it lists up to `SCAN_LIMIT` due jobs of all defined
 * names in Agenda's order (by `nextRunAt`, then priority), and each name's asks are answered from
 * that list. A name is scanned again only when the list is older than a polling interval (at least
 * a second), or when it used up its share of a list that was cut at the limit. (Before: one scan
 * per name, each of the dozen names about once a second: with 1,000 jobs due, 1,059 scans of
 * ~80 ms each filled the one line of lock calls and 1,000 no-op jobs took 113 s.) A job whose lock
 * expired still goes through Agenda's own per-name scan.
 *
 * (5) Fewer commands per job. On FerretDB v1 every update or delete of a document reads through
 * the table, even by `_id` (measured: 5 ms at 2,000 documents, 212 ms at 20,000; a find by `_id`
 * or an insert stays at ~1 ms), so a lock written into each job document cost ~11 ms per job at
 * 1,000 jobs (11.5 of the 18 s that 1,000 no-op jobs took). Instead a due occurrence is locked by
 * inserting a document `jobId:nextRunAt` into `agendaLocks`: one insert for a batch of up to
 * `LOCK_BATCH` jobs of a name, whose unique `_id` lets exactly one worker win each (atomic on
 * FerretDB too, unlike a conditional update), then one read of the won jobs that keeps those still
 * unlocked and due at the same time. The job document itself is not written; Agenda gets the job
 * as locked in memory. A lock goes when the job is removed or saved unlocked (finished, retried
 * later, put back by Agenda), in one `deleteMany` per moment; a lock older than the lock lifetime
 * was left by a worker that stopped, and is taken over. A one-shot job's state is not saved when
 * it starts (a crash leaves its lock: after the lock lifetime it runs again, and its claim makes
 * that harmless) nor when it succeeded (it is removed next); the removals of a moment go as one
 * `deleteMany` by `_id` list (on FerretDB one scan for the lot: 53 ms for 100 jobs against
 * 162 ms for a bulk of 20 single deletes, at 1,000 stored jobs).
 */
const LOCK_BATCH = 100;
const SCAN_LIMIT = 500;
const REMOVE_EVERY_MS = 1000;
const oneShot = (j: JobState) => !j.repeatInterval && !j.repeatAt;
/**
 * The database client was closed (the worker's process is stopping, or a test's database went):
 * retrying can never succeed. The locks stay and go stale, as after a crash.
 */
const CLIENT_CLOSED = new Set([
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoClientClosedError',
]);
const clientClosed = (err: unknown) => CLIENT_CLOSED.has((err as Error | undefined)?.name ?? '');
/** What Agenda's repository returns for a locked job (its computeJobObj): ids as JobIds, no nulls. */
function asJob(doc: Record<string, unknown>): Locked {
  const job = Object.fromEntries(Object.entries(doc).map(([k, v]) => [k, v ?? undefined]));
  return { ...job, _id: toJobId((doc._id as Types.ObjectId).toHexString()) } as Locked;
}

/** One read of the due jobs of every name, split by name (each list in Agenda's order). */
interface Scan {
  at: number;
  names: Set<string>;
  byName: Map<string, Candidate[]>;
  /** The scan stopped at `SCAN_LIMIT`: more jobs may be due. */
  cut: boolean;
}

export interface SafeLockingOptions {
  workerName: string;
  processEvery?: number;
  /** Agenda's default lock lifetime: a claim older than this was left by a stopped worker. */
  lockLifetime?: number;
  /** Whether Agenda removes a finished one-shot job of this name (else its state is always saved). */
  removedOnComplete?: (name: string) => boolean;
  /** The job names this worker runs (Agenda's definitions): one scan lists the due jobs of all. */
  jobNames?: () => string[];
  /** Where the locks of (6) are inserted (`agendaLocks`). */
  locks: LockCollection;
}

type LockCollection = {
  insertMany(docs: Array<Record<string, unknown>>, options: { ordered: boolean }): Promise<unknown>;
  insertOne(doc: Record<string, unknown>): Promise<unknown>;
  findOne(filter: object): Promise<Record<string, unknown> | null>;
  deleteOne(filter: object): Promise<unknown>;
  deleteMany(filter: object): Promise<unknown>;
};

/** The lock of one due occurrence of a job: the job and the time it is due. */
const lockKey = (id: unknown, nextRunAt: Date | null | undefined) =>
  `${String(id)}:${nextRunAt ? new Date(nextRunAt).getTime() : 0}`;

/** The indexes of the documents a duplicate `_id` kept out of an unordered insert (others rethrown). */
function duplicatesOf(err: unknown): Set<number> {
  const writeErrors = (err as { writeErrors?: Array<{ index: number; code?: number }> }).writeErrors;
  if (!writeErrors) throw err;
  const list = [writeErrors].flat();
  if (list.some((e) => e.code !== 11000)) throw err;
  return new Set(list.map((e) => e.index));
}

export function makeLockingSafe(backend: MongoBackend, opts: SafeLockingOptions): void {
  const {
    workerName,
    processEvery = 5000,
    lockLifetime = 10 * 60_000,
    removedOnComplete = () => false,
    jobNames = () => [],
    locks,
  } = opts;
  const repo = backend.repository as unknown as Repo;
  // locks left by runs that ended without releasing them (a crash) are of no use to anyone
  void locks.deleteMany({ at: { $lt: new Date(Date.now() - lockLifetime) } }).catch(() => undefined);
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
  let scan: Scan | undefined;
  const rescanAfter = Math.max(processEvery, 1000);
  const scanAll = async (name: string, nextScanAt: Date, lockDeadline: Date): Promise<Scan> => {
    const names = new Set([...jobNames(), name]);
    const items = (await repo.collection
      .find(
        {
          name: { $in: [...names] },
          disabled: { $ne: true },
          $or: [{ lockedAt: null, nextRunAt: { $lte: nextScanAt } }, { lockedAt: { $lte: lockDeadline } }],
        },
        {
          projection: { _id: 1, name: 1, nextRunAt: 1, lockedAt: 1 },
          sort: { nextRunAt: 1, priority: -1 },
          limit: SCAN_LIMIT,
        },
      )
      .toArray()) as unknown as Candidate[];
    const byName = new Map<string, Candidate[]>();
    for (const c of items)
      if (!mine.has(String(c._id))) byName.set(c.name, [...(byName.get(c.name) ?? []), c]); // not its own
    return { at: Date.now(), names, byName, cut: items.length >= SCAN_LIMIT };
  };
  /** The lock this worker holds per job id (released when the job is saved unlocked or removed). */
  const mine = new Map<string, string>();
  /** Other workers' locks met, with when first met (a lock is stale only after the lock lifetime). */
  const collided = new Map<string, number>();
  let releases: string[] = [];
  const release = (jobId: unknown) => {
    const key = mine.get(String(jobId));
    if (!key) return;
    mine.delete(String(jobId));
    releases.push(key);
    scheduleFlush();
  };
  /**
   * Locks a batch of due jobs: one insert of their lock documents (the unique `_id` lets one
   * worker win each, atomically on FerretDB too), the locks a stopped worker left taken over after
   * the lock lifetime, then one read of the won jobs that keeps those still due at the locked time.
   */
  const lockBatch = async (batch: Candidate[], by: string): Promise<Locked[]> => {
    const at = new Date();
    const docs = batch.map((b) => ({ _id: lockKey(b._id, b.nextRunAt), by, at }));
    let taken = new Set<number>();
    await locks.insertMany(docs, { ordered: false }).catch((err: unknown) => (taken = duplicatesOf(err)));
    const won = batch.filter((_, i) => !taken.has(i));
    for (const i of taken) {
      // another worker's lock: read (to see whether it is stale) only once it could be
      const key = docs[i]!._id;
      const seen = collided.get(key) ?? (collided.size > 10_000 && collided.clear(), at.getTime());
      collided.set(key, seen);
      if (at.getTime() - seen < lockLifetime) continue;
      const left = await locks.findOne({ _id: key });
      if (!left || (left.at as Date).getTime() > at.getTime() - lockLifetime) continue;
      await locks.deleteOne({ _id: docs[i]!._id, at: left.at });
      const retaken = await locks.insertOne(docs[i]!).then(
        () => true,
        (err: unknown) => {
          if (!isDuplicateKey(err)) throw err;
          return false; // another worker took it over first
        },
      );
      if (retaken) won.push(batch[i]!);
    }
    if (!won.length) return [];
    const fresh = await repo.collection.find({ _id: { $in: won.map((b) => b._id) } }).toArray();
    const byId = new Map(fresh.map((d) => [String(d._id), d]));
    const jobs: Locked[] = [];
    for (const b of won) {
      const d = byId.get(String(b._id));
      const key = lockKey(b._id, b.nextRunAt);
      mine.set(String(b._id), key);
      // removed, rescheduled, locked by Agenda's own recovery or disabled since the scan: let go
      const same =
        d &&
        !d.lockedAt &&
        d.disabled !== true &&
        lockKey(d._id, d.nextRunAt as Date | null | undefined) === key;
      if (!same) {
        release(b._id);
        continue;
      }
      jobs.push(asJob({ ...d, lockedAt: at, lastModifiedBy: by }));
    }
    return jobs;
  };
  const nextDue = async (args: unknown[]): Promise<Locked> => {
    const [name, nextScanAt, lockDeadline, , options] = args as [string, Date, Date, Date?, object?];
    for (let tries = 0; tries < 100; tries++) {
      const ready = held.get(name);
      if (ready?.length) return ready.shift();
      const listed = scan?.byName.get(name);
      const stale =
        !scan ||
        !scan.names.has(name) ||
        Date.now() - scan.at >= rescanAfter ||
        // this name's share of a list cut at the limit is used up: more of it may be due
        (scan.cut && listed !== undefined && listed.length === 0);
      if (stale) scan = await scanAll(name, nextScanAt, lockDeadline);
      const items = scan!.byName.get(name);
      if (!items?.length) return undefined;
      const d = items[0]!;
      if (d.lockedAt) {
        items.shift();
        // a lock older than this name's lifetime: Agenda's own recovery scan
        if (d.lockedAt > lockDeadline) continue;
        const recovered = await getNext(...args);
        if (recovered) return recovered;
        continue;
      }
      if (d.nextRunAt && d.nextRunAt > nextScanAt) return undefined;
      const batch: Candidate[] = [];
      while (
        batch.length < LOCK_BATCH &&
        items.length &&
        !items[0]!.lockedAt &&
        !(items[0]!.nextRunAt && items[0]!.nextRunAt > nextScanAt)
      )
        batch.push(items.shift()!);
      const by = (options as { lastModifiedBy?: string })?.lastModifiedBy ?? workerName;
      const jobs = await lockBatch(batch, by);
      held.set(
        name,
        jobs.map((job) => {
          verified.add(job as object);
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
    if (!job.lockedAt) release(job._id); // finished or put back: its lock goes
  };
  const unlockOne = repo.unlockJob.bind(repo);
  repo.unlockJob = async (job) => {
    await unlockOne(job);
    release(job._id);
  };
  const unlockMany = repo.unlockJobs.bind(repo);
  repo.unlockJobs = async (ids) => {
    await unlockMany(ids);
    for (const id of ids) release(id);
    for (const jobs of held.values()) for (const j of jobs.splice(0)) release(j?._id); // at stop
    held.clear();
    await flush();
  };

  let removals: Array<{ id: unknown; done: (err?: unknown) => void }> = [];
  let flushing: NodeJS.Timeout | undefined;
  function scheduleFlush() {
    // never what keeps a process alive: stopping flushes at once (unlockJobs)
    flushing ??= setTimeout(() => void flush(), REMOVE_EVERY_MS).unref();
  }
  /** The removals and lock releases of a moment: one `deleteMany` each (jobs first, then locks). */
  async function flush() {
    if (flushing) clearTimeout(flushing);
    flushing = undefined;
    const batch = removals;
    removals = [];
    if (batch.length)
      try {
        const ids = [...new Set(batch.map((r) => String(r.id)))].map((id) => new Types.ObjectId(id));
        await repo.collection.deleteMany({ _id: { $in: ids } });
        for (const r of batch) {
          r.done();
          release(r.id);
        }
      } catch (err) {
        for (const r of batch) r.done(err);
        // the jobs this worker ran are tried again at the next moment (they hold their locks),
        // unless the client is closed: that retry would go on every second for good
        if (!clientClosed(err)) removals.push(...batch.filter((r) => mine.has(String(r.id))));
      }
    const keys = releases;
    releases = [];
    if (keys.length) await locks.deleteMany({ _id: { $in: keys } }).catch(() => undefined); // taken over later
    // what arrived meanwhile (and what failed) goes at the next moment
    if (flushing) clearTimeout(flushing);
    flushing = undefined;
    if (releases.length || removals.length) scheduleFlush();
  }
  const remove = repo.removeJobs.bind(repo);
  repo.removeJobs = (options) => {
    const keys = Object.keys(options).filter((k) => options[k] !== undefined);
    if (keys.length !== 1 || keys[0] !== 'id') return remove(options);
    if (mine.has(String(options.id))) {
      // a job this worker ran: its lock outlives the job document (released after the delete), so
      // nobody runs it meanwhile, and Agenda's slot is free at once instead of after the batch
      // (a crash before the delete: the lock goes stale, the job runs again, its claim holds)
      removals.push({ id: options.id, done: () => undefined });
      scheduleFlush();
      return Promise.resolve(1);
    }
    return new Promise<number>((resolve, reject) => {
      removals.push({ id: options.id, done: (err) => (err ? reject(err) : resolve(1)) });
      scheduleFlush();
    });
  };
  repo.lockJob = (...args) => serial(async () => verify(await lock(...args)));
}
