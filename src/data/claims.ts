import { Schema, model } from 'mongoose';
import { isDuplicateKey } from './errors.js';

/**
 * Exactly-once side effects for jobs. Agenda's job lock is a conditional findOneAndUpdate, which
 * FerretDB's SQLite backend does not make atomic, so two workers may both start one job; each
 * job therefore claims its occurrence (job, ticket, step, due time) by inserting this key, and
 * only the worker whose insert succeeds acts. A unique `_id` is enforced by every backend.
 */
const jobClaimSchema = new Schema(
  { _id: { type: String, required: true }, worker: String, at: { type: Date, required: true } },
  { versionKey: false },
);
export const JobClaim = model('JobClaim', jobClaimSchema);

export async function claim(key: string, worker: string): Promise<boolean> {
  try {
    await JobClaim.create({ _id: key, worker, at: new Date() });
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}
