import { Types } from 'mongoose';
import { FeePeriod, FeeRecord, feePeriodId, feeRecordId, type FeeRecordDoc } from './model.js';

/**
 * The fee ledger's generations. FerretDB v1 has no multi-document transactions and commits every
 * write command on its own, so a month's records are never rewritten in place: an import writes
 * the month's new generation beside the current one, switches the month's pointer to it (one
 * write of one document by `_id`, atomic on FerretDB and MongoDB alike), then deletes the old
 * generation. Readers keep only the generation the pointer names, so a process killed between
 * any two of those steps leaves every month whole, old or new; what it left over is invisible
 * and removed by the next import (`dropStale`).
 */

/** `<communityId>:<period>` → the current generation's importId. */
export type Pointers = Map<string, string>;

/** Written per insert command: at most this many records. */
const INSERT_CHUNK = 500;

export async function readPointers(communityId?: Types.ObjectId | string): Promise<Pointers> {
  const filter = communityId ? { communityId: new Types.ObjectId(String(communityId)) } : {};
  const docs = await FeePeriod.find(filter, { importId: 1 }).lean();
  return new Map(docs.map((d) => [d._id, d.importId]));
}

type Generational = { communityId: unknown; period: string; importId?: string | null };

/** True for a record of its month's current generation (no pointer: the records without importId). */
export function isCurrent(r: Generational, pointers: Pointers): boolean {
  return (r.importId ?? '') === (pointers.get(feePeriodId(r.communityId, r.period)) ?? '');
}

const samePointers = (a: Pointers, b: Pointers) =>
  a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);

/**
 * The current records matching `filter`: read between two reads of the pointers, and read again
 * when an import switched a month meanwhile (the generation the first read saw may be gone).
 */
export async function readCurrentFees<T extends FeeRecordDoc = FeeRecordDoc>(
  filter: Record<string, unknown>,
  opts: {
    communityId?: Types.ObjectId | string;
    sort?: Record<string, 1 | -1>;
    projection?: Record<string, 1>;
  } = {},
): Promise<T[]> {
  const projection = opts.projection && { ...opts.projection, communityId: 1, period: 1, importId: 1 };
  let before = await readPointers(opts.communityId);
  for (let attempt = 0; ; attempt++) {
    const query = FeeRecord.find(filter, projection);
    if (opts.sort) query.sort(opts.sort);
    const docs = await query.lean<T[]>();
    const after = await readPointers(opts.communityId);
    if (samePointers(before, after) || attempt >= 4) return docs.filter((d) => isCurrent(d, after));
    before = after;
  }
}

/**
 * Makes `records` (every record the month keeps, with their current values) the community's
 * month: (1) written as a new generation nobody reads yet, (2) the pointer switched to it,
 * (3) every other generation of the month deleted (`hadRecords`: the month had current records;
 * leftovers of a killed import were dropped before).
 */
export async function replaceMonth(
  communityId: Types.ObjectId,
  period: string,
  records: ReadonlyArray<Record<string, unknown> & { unitId: unknown }>,
  now: Date,
  opts: { hadRecords: boolean },
): Promise<void> {
  const importId = new Types.ObjectId().toHexString();
  const docs = records.map(({ __v: _v, ...r }) => ({
    ...r,
    _id: feeRecordId(r.unitId, period, importId),
    importId,
  }));
  for (let i = 0; i < docs.length; i += INSERT_CHUNK)
    await FeeRecord.collection.insertMany(docs.slice(i, i + INSERT_CHUNK) as never[], { ordered: true });
  await FeePeriod.updateOne(
    { _id: feePeriodId(communityId, period) },
    { $set: { communityId, period, importId, switchedAt: now } },
    { upsert: true },
  );
  // (a scan on FerretDB v1: skipped for a month new to the ledger, where nothing is left to delete)
  if (opts.hadRecords) await FeeRecord.deleteMany({ communityId, period, importId: { $ne: importId } });
}

/** Deletes records of no current generation (what an import killed before its last step left). */
export async function dropStale(stale: ReadonlyArray<{ _id: string }>): Promise<void> {
  for (let i = 0; i < stale.length; i += INSERT_CHUNK)
    await FeeRecord.deleteMany({ _id: { $in: stale.slice(i, i + INSERT_CHUNK).map((d) => d._id) } });
}
