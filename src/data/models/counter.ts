import { Schema, model } from 'mongoose';
import { isDuplicateKey } from '../errors.js';

/** Named sequences (ticket numbers per community, kind and day). */
const counterSchema = new Schema({
  _id: { type: String, required: true },
  seq: { type: Number, default: 0 },
});
export const Counter = model('Counter', counterSchema);

/**
 * Draws `n` values of a sequence at once: the last one is returned. `$inc` is atomic on MongoDB
 * but a read-then-write on FerretDB's SQLite backend, so callers that need uniqueness must also
 * hold a unique index on what they number and retry (see the ticket service); a racing first
 * upsert is retried here.
 */
async function draw(name: string, n: number): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    try {
      const doc = await Counter.findOneAndUpdate(
        { _id: name },
        { $inc: { seq: n } },
        { upsert: true, returnDocument: 'after' },
      ).lean();
      return doc!.seq;
    } catch (err) {
      if (!isDuplicateKey(err) || attempt >= 3) throw err;
    }
  }
}

interface Waiter {
  resolve: (seq: number) => void;
  reject: (err: unknown) => void;
}
const waiting = new Map<string, Waiter[]>();
const drawing = new Set<string>();

/** Serves everyone waiting on `name` with one draw; those who came meanwhile get the next one. */
async function serve(name: string): Promise<void> {
  try {
    for (let batch = waiting.get(name); batch?.length; batch = waiting.get(name)) {
      waiting.delete(name);
      try {
        const last = await draw(name, batch.length);
        batch.forEach((w, i) => w.resolve(last - batch.length + 1 + i));
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
    }
  } finally {
    drawing.delete(name);
  }
}

/**
 * The next value of a sequence. Within the process, draws of one sequence never overlap (so
 * FerretDB's non-atomic `$inc` cannot hand one value to two of them) and callers asking while a
 * draw runs share the next one: a crowd of reports costs one command per round, not one each
 * plus the retries of the collisions. Other processes may still collide: see `draw`.
 */
export function nextSequence(name: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const list = waiting.get(name) ?? [];
    list.push({ resolve, reject });
    waiting.set(name, list);
    if (drawing.has(name)) return;
    drawing.add(name);
    setImmediate(() => void serve(name));
  });
}
