import type { MongoBackend } from '@agendajs/mongo-backend';
import { toJobId } from 'agenda';
import { Types } from 'mongoose';

type Locked = { _id?: unknown; lockedAt?: Date } | undefined;
type Repo = {
  getNextJobToRun(...args: unknown[]): Promise<Locked>;
  lockJob(...args: unknown[]): Promise<Locked>;
  getJobById?(id: unknown): Promise<unknown>;
  saveJobState(job: JobState, options?: object): Promise<void>;
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
 * (5) Fewer commands per job. The due jobs of a name are locked in batches: one `updateMany` by
 * `_id` list with Agenda's own conditions (unlocked, not disabled), one read of those jobs that
 * keeps the ones whose stored lock is this worker's (the verification of (2) for the whole batch);
 * Agenda's next asks are answered from the batch (a job rescheduled meanwhile past the polling
 * window is unlocked again by Agenda itself). A one-shot job's state is not saved when it starts (a
 * crash leaves it locked: after its lock lifetime it runs again, and its claim makes that
 * harmless) nor when it succeeded (it is removed next); the removals of a moment go as one
 * `deleteMany` by `_id` list (on FerretDB one scan for the lot, where a bulk of single deletes
 * costs a write lookup each: 53 ms for 100 jobs against 162 ms for 20, at 1,000 stored jobs).
 */
const LOCK_BATCH = 50;
const SCAN_LIMIT = 500;
const REMOVE_EVERY_MS = 200;
const oneShot = (j: JobState) => !j.repeatInterval && !j.repeatAt;
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

export function makeLockingSafe(
  backend: MongoBackend,
  workerName: string,
  processEvery = 5000,
  /** Whether Agenda removes a finished one-shot job of this name (else its state is always saved). */
  removedOnComplete: (name: string) => boolean = () => false,
  /** The job names this worker runs (Agenda's definitions): one scan lists the due jobs of all. */
  jobNames: () => string[] = () => [],
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
    for (const c of items) byName.set(c.name, [...(byName.get(c.name) ?? []), c]);
    return { at: Date.now(), names, byName, cut: items.length >= SCAN_LIMIT };
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
      const lockedAt = new Date();
      const by = (options as { lastModifiedBy?: string })?.lastModifiedBy ?? workerName;
      const ids = batch.map((b) => b._id);
      await repo.collection.updateMany(
        { _id: { $in: ids }, name, lockedAt: null, disabled: { $ne: true } },
        { $set: { lockedAt, lastModifiedBy: by } },
      );
      // the batch read back: kept where the stored lock is this one (another worker's overlapping
      // lock makes this one step back)
      const docs = await repo.collection.find({ _id: { $in: ids } }).toArray();
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
      const ids = [...new Set(batch.map((r) => String(r.id)))].map((id) => new Types.ObjectId(id));
      await repo.collection.deleteMany({ _id: { $in: ids } });
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
