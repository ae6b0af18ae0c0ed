import type { MongoBackend } from '@agendajs/mongo-backend';
import { Types } from 'mongoose';

type Repo = {
  getNextJobToRun(...args: unknown[]): Promise<{ _id?: unknown; lockedAt?: Date } | undefined>;
  lockJob(...args: unknown[]): Promise<{ _id?: unknown; lockedAt?: Date } | undefined>;
  getJobById?(id: unknown): Promise<unknown>;
  collection: { findOne(filter: object, options?: object): Promise<Record<string, unknown> | null> };
};

/**
 * Agenda locks a job with one conditional findOneAndUpdate. On MongoDB that is atomic; on
 * FerretDB's SQLite backend it is a query followed by a write, so concurrent lock calls hand the
 * same job out several times: in one process Agenda then fills its queue with duplicates and
 * stalls (measured: 12 of 200 due jobs done after a minute). This wrapper (1) runs a process's
 * lock calls one at a time and (2) re-reads a job it locked and keeps it only when the stored
 * lock is still its own, so another process's overlapping lock makes it step back. The job
 * claims (claims.ts) still guarantee exactly-once work where both checks race.
 */
export function makeLockingSafe(backend: MongoBackend, workerName: string): void {
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
  repo.getNextJobToRun = (...args) => serial(async () => verify(await getNext(...args)));
  repo.lockJob = (...args) => serial(async () => verify(await lock(...args)));
}
