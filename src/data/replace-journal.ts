import { Schema, model, type Types } from 'mongoose';
import type { Logger } from '../log.js';

/**
 * A whole document about to be replaced, kept until its new version is stored: `_id` is
 * `<collection>:<document _id>`.
 */
const replacementSchema = new Schema(
  {
    _id: { type: String, required: true },
    coll: { type: String, required: true },
    doc: { type: Schema.Types.Mixed, required: true },
  },
  { versionKey: false, minimize: false },
);
export const Replacement = model('Replacement', replacementSchema, 'replacements');

type Doc = Record<string, unknown> & { _id: Types.ObjectId };
/** What of a mongoose model the replacement uses (its write hooks run: caches are told). */
export interface ReplaceableModel {
  collection: { collectionName: string };
  deleteMany(filter: object): PromiseLike<unknown>;
  insertMany(docs: unknown[], opts: { ordered: boolean }): Promise<unknown>;
}

/** At most this many documents a round (one journal insert, one delete, one insert, one journal delete). */
export const REPLACE_CHUNK = 500;

/**
 * Replaces whole documents by `_id` in four commands per REPLACE_CHUNK documents instead of one
 * update each: FerretDB v1 reads through the whole table for every update statement, even by
 * bare `_id` (1,000 changed people: 1,000 scans), while a `deleteMany` by an `_id` list reads it
 * once and inserts cost the same whatever the size. A crash between the delete and the insert
 * would lose the documents, so their new versions are journalled first and written again at
 * start by `replayReplacements`. Correct on MongoDB too (where it is merely not needed).
 */
export async function replaceDocuments(m: ReplaceableModel, docs: Doc[]): Promise<void> {
  const coll = m.collection.collectionName;
  for (let i = 0; i < docs.length; i += REPLACE_CHUNK) {
    const chunk = docs.slice(i, i + REPLACE_CHUNK);
    const keys = chunk.map((d) => `${coll}:${String(d._id)}`);
    // a journal entry a failed round left is replaced by this newer version
    await Replacement.collection.deleteMany({ _id: { $in: keys as never[] } });
    await Replacement.collection.insertMany(
      chunk.map((doc, j) => ({ _id: keys[j] as never, coll, doc })),
      { ordered: false },
    );
    await m.deleteMany({ _id: { $in: chunk.map((d) => d._id) } });
    await m.insertMany(chunk, { ordered: false });
    await Replacement.collection.deleteMany({ _id: { $in: keys as never[] } });
  }
}

/**
 * At start: the replacements a crash interrupted are finished from the journal (the new version
 * stored whether the crash came before the delete, between the delete and the insert, or after
 * both), then the journal is emptied. A crash meanwhile leaves the journal for the next start.
 * Returns how many documents were written.
 */
export async function replayReplacements(
  models: Record<string, ReplaceableModel>,
  log: Logger,
): Promise<number> {
  const left = await Replacement.collection.find({}).toArray();
  if (!left.length) return 0;
  let written = 0;
  const byColl = new Map<string, typeof left>();
  for (const r of left) byColl.set(String(r.coll), [...(byColl.get(String(r.coll)) ?? []), r]);
  for (const [coll, entries] of byColl) {
    const m = models[coll];
    if (!m) {
      log.warn({ coll, count: entries.length }, 'journalled replacements of an unknown collection left');
      continue;
    }
    const docs = entries.map((e) => e.doc as Doc);
    await m.deleteMany({ _id: { $in: docs.map((d) => d._id) } });
    await m.insertMany(docs, { ordered: false });
    await Replacement.collection.deleteMany({ _id: { $in: entries.map((e) => e._id) } });
    written += docs.length;
  }
  log.warn({ written }, 'replacements a crash interrupted finished from the journal');
  return written;
}
