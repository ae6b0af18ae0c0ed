import { Schema, model } from 'mongoose';
import { isDuplicateKey } from '../errors.js';

/** Named sequences (ticket numbers per community, kind and day). */
const counterSchema = new Schema({
  _id: { type: String, required: true },
  seq: { type: Number, default: 0 },
});
export const Counter = model('Counter', counterSchema);

/**
 * The next value of a sequence. `$inc` is atomic on MongoDB but a read-then-write on FerretDB's
 * SQLite backend, so callers that need uniqueness must also hold a unique index on what they
 * number and retry (see the ticket service); a racing first upsert is retried here.
 */
export async function nextSequence(name: string): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    try {
      const doc = await Counter.findOneAndUpdate(
        { _id: name },
        { $inc: { seq: 1 } },
        { upsert: true, returnDocument: 'after' },
      ).lean();
      return doc!.seq;
    } catch (err) {
      if (!isDuplicateKey(err) || attempt >= 3) throw err;
    }
  }
}
