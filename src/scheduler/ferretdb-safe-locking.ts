import type { MongoBackend } from '@agendajs/mongo-backend';
import { toJobId } from 'agenda';
import { Types } from 'mongoose';

type Locked = { _id?: unknown; lockedAt?: Date } | undefined;
type Repo = {
  getNextJobToRun(...args: unknown[]): Promise<Locked>;
  lockJob(...args: unknown[]): Promise<Locked>;
  getJobById?(id: unknown): Promise<unknown>;
  collection: {
    findOne(filter: object, options?: object): Promise<Record<string, unknown> | null>;
    find(filter: object, options?: object): { toArray(): Promise<Array<Record<string, unknown>>> };
    findOneAndUpdate(
      filter: object,
      update: object,
      options: object,
    ): Promise<Record<string, unknown> | null>;
  };
};

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
 */
/** What Agenda's repository returns for a locked job (its computeJobObj): ids as JobIds, no nulls. */
function asJob(doc: Record<string, unknown>): Locked {
  const job = Object.fromEntries(Object.entries(doc).map(([k, v]) => [k, v ?? undefined]));
  return { ...job, _id: toJobId((doc._id as Types.ObjectId).toHexString()) } as Locked;
}

export function makeLockingSafe(backend: MongoBackend, workerName: string, processEvery = 5000): void {
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
  const candidates = new Map<unknown, { items: Candidate[]; at: number; empty: boolean }>();
  const rescanAfter = Math.max(processEvery, Math.min(processEvery * 5, 5000));
  const nextDue = async (args: unknown[]): Promise<Locked> => {
    const [name, nextScanAt, lockDeadline, , options] = args as [string, Date, Date, Date?, object?];
    for (let tries = 0; tries < 100; tries++) {
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
      const d = c.items.shift()!;
      if (!d.lockedAt && d.nextRunAt && d.nextRunAt > nextScanAt) {
        c.items.unshift(d);
        return undefined;
      }
      if (d.lockedAt) {
        const recovered = await getNext(...args); // an expired lock: Agenda's own recovery scan
        if (recovered) return recovered;
        continue;
      }
      const doc = await repo.collection.findOneAndUpdate(
        { _id: d._id, name, lockedAt: null, nextRunAt: d.nextRunAt, disabled: { $ne: true } },
        {
          $set: {
            lockedAt: new Date(),
            lastModifiedBy: (options as { lastModifiedBy?: string })?.lastModifiedBy ?? null,
          },
        },
        { returnDocument: 'after' },
      );
      if (doc) return asJob(doc);
    }
    return undefined;
  };
  repo.getNextJobToRun = (...args) => {
    const name = args[0];
    if (waiting.has(name)) return Promise.resolve(undefined);
    waiting.add(name);
    return serial(async () => {
      waiting.delete(name);
      return verify(await nextDue(args));
    });
  };
  repo.lockJob = (...args) => serial(async () => verify(await lock(...args)));
}
