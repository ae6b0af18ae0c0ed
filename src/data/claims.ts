import { Schema, model } from 'mongoose';
import { isDuplicateKey } from './errors.js';
import { BatchWriter } from './batch.js';

/**
 * Exactly-once side effects for jobs. Agenda's job lock is a conditional findOneAndUpdate, which
 * FerretDB's SQLite backend does not make atomic, so two workers may both start one job; each
 * job therefore claims its occurrence (job, ticket, step, due time) by inserting this key, and
 * only the worker whose insert succeeds acts. A unique `_id` is enforced by every backend.
 */
const jobClaimSchema = new Schema(
  {
    _id: { type: String, required: true },
    worker: String,
    at: { type: Date, required: true },
    /** Set once the occurrence's work succeeded (occurrence claims only). */
    done: Boolean,
  },
  { versionKey: false },
);
export const JobClaim = model('JobClaim', jobClaimSchema);
const claimInserts = new BatchWriter(() => JobClaim.collection);

export async function claim(key: string, worker: string): Promise<boolean> {
  try {
    // with the claims made at the same moment, in one command (a taken key fails alone)
    await claimInserts.insert({ _id: key, worker, at: new Date() });
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

/** The document that says an occurrence's work succeeded: inserted, never an update of the claim. */
const doneKey = (key: string) => `${key}#done`;

/** The claim of an occurrence, and whether its work is done (its mark, or the earlier field). */
async function claimOf(key: string) {
  const [held, mark] = await Promise.all([
    JobClaim.findById(key).lean(),
    JobClaim.findById(doneKey(key), { _id: 1 }).lean(),
  ]);
  return { held, done: Boolean(held?.done || mark) };
}

/**
 * A job occurrence is done once: the worker claims it, does the work, and marks it done. Work
 * that failed releases the claim so the job's retry runs it again; a claim that is neither done
 * nor renewed for `staleMs` (its worker died mid-run) may be taken over. The done mark is a
 * second document (`key#done`), inserted with the marks of the moment in one command: on
 * FerretDB v1 an update reads through the whole claims table, even by `_id` (1,000 jobs' marks
 * were 804 updates of a growing table in `npm run bench:jobs`). Claims marked by the earlier
 * `done: true` field still count as done.
 */
export const occurrence = {
  async claim(key: string, worker: string, staleMs: number, now = new Date()): Promise<boolean> {
    if (await claim(key, worker)) return true;
    const { held, done } = await claimOf(key);
    if (!held || done || held.at.getTime() > now.getTime() - staleMs) return false;
    await JobClaim.updateOne({ _id: key, at: held.at }, { $set: { worker, at: now } });
    // conditional updates are not atomic everywhere: the one whose name stuck has it
    return (await JobClaim.findById(key).lean())?.worker === worker;
  },
  async done(key: string): Promise<void> {
    try {
      await claimInserts.insert({ _id: doneKey(key), at: new Date(), done: true });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err; // marked already (a retry of the mark)
    }
  },
  async release(key: string, worker: string): Promise<void> {
    const { held, done } = await claimOf(key);
    if (held && held.worker === worker && !done) await JobClaim.deleteOne({ _id: key });
  },
};
