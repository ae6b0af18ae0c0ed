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

/** `<communityId>:<period>` → the current generation's importId and the one it replaced. */
export type Pointers = Map<string, { importId: string; previous?: string | null }>;

/** Written per insert command: at most this many records. */
const INSERT_CHUNK = 500;

export async function readPointers(communityId?: Types.ObjectId | string): Promise<Pointers> {
  const filter = communityId ? { communityId: new Types.ObjectId(String(communityId)) } : {};
  const docs = await FeePeriod.find(filter, { importId: 1, previous: 1 }).lean();
  return new Map(docs.map((d) => [d._id, { importId: d.importId, previous: d.previous }]));
}

type Generational = { communityId: unknown; period: string; importId?: string | null };

/** True for a record of its month's current generation (no pointer: the records without importId). */
export function isCurrent(r: Generational, pointers: Pointers): boolean {
  return (r.importId ?? '') === (pointers.get(feePeriodId(r.communityId, r.period))?.importId ?? '');
}

const samePointers = (a: Pointers, b: Pointers) =>
  a.size === b.size && [...a].every(([k, v]) => b.get(k)?.importId === v.importId);

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
 * (3) the generation it replaced (`previous`: '' for the pointer-less one; undefined when the
 * month had no records) deleted.
 */
export async function replaceMonth(
  communityId: Types.ObjectId,
  period: string,
  records: ReadonlyArray<Record<string, unknown> & { unitId: unknown }>,
  now: Date,
  opts: { previous?: string },
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
    { $set: { communityId, period, importId, previous: opts.previous ?? null, switchedAt: now } },
    { upsert: true },
  );
  // only the generation this import replaced (another writer's newer one is not touched); a scan
  // on FerretDB v1, skipped for a month new to the ledger
  if (opts.previous !== undefined)
    await FeeRecord.deleteMany({ communityId, period, importId: opts.previous || null });
}

/** A generation younger than this may still be being written (by an import elsewhere): kept. */
const STALE_AFTER_MS = 3600_000;

/**
 * The records of no current generation that an import killed before its last step left: the
 * generation a switch replaced (the pointer names it), the pointer-less one once a pointer
 * exists, and any other generation over an hour old (an importId is an ObjectId, which holds its
 * creation time; a younger one may be another writer's, not switched yet).
 */
export function staleRecords<T extends Generational>(
  records: readonly T[],
  pointers: Pointers,
  now: Date,
): T[] {
  return records.filter((r) => {
    if (isCurrent(r, pointers)) return false;
    const pointer = pointers.get(feePeriodId(r.communityId, r.period));
    if (!r.importId || r.importId === pointer?.previous) return true;
    return now.getTime() - new Types.ObjectId(r.importId).getTimestamp().getTime() > STALE_AFTER_MS;
  });
}

/** Deletes the given records (`staleRecords`), by `_id`. */
export async function dropStale(stale: ReadonlyArray<{ _id: string }>): Promise<void> {
  for (let i = 0; i < stale.length; i += INSERT_CHUNK)
    await FeeRecord.deleteMany({ _id: { $in: stale.slice(i, i + INSERT_CHUNK).map((d) => d._id) } });
}
