import type { Schema } from 'mongoose';

/**
 * Reads of the directory (people, units, zones, rooms, chat identities) kept in memory: they
 * change seldom and every message and notice reads them. Each collection has a generation that
 * every write through its model bumps (the `directoryCache` schema plugin, before and after the
 * write), which empties that collection's entries; a read that saw a bump while it ran is not
 * kept. Writes by another process (or straight to the driver collection) are seen after `ttlMs`
 * at the latest (two minutes). Values are the lean documents as read: callers must not change them.
 */
const TTL_MS = 120_000;
const MAX_ENTRIES = 5_000;

interface Entry {
  at: number;
  value: unknown;
  ttlMs: number;
}

const entries = new Map<string, Map<string, Entry>>();
const generations = new Map<string, number>();
const inFlight = new Map<string, { generation: number; promise: Promise<unknown> }>();
let clock: () => number = () => Date.now();

const keyOf = (key: unknown): string =>
  typeof key === 'string' ? key : JSON.stringify(key, (_k, v: unknown) => (v === undefined ? null : v));

function store(collection: string, k: string, value: unknown, ttlMs: number): void {
  const m = entries.get(collection) ?? new Map<string, Entry>();
  if (m.size >= MAX_ENTRIES) m.clear();
  m.set(k, { at: clock(), value, ttlMs });
  entries.set(collection, m);
}

/**
 * The value `read` returns for this collection and key, from memory when read lately (within
 * `ttlMs`, two minutes unless told).
 */
export async function cachedRead<T>(
  collection: string,
  key: unknown,
  read: () => PromiseLike<T>,
  opts: { ttlMs?: number } = {},
): Promise<T> {
  const k = keyOf(key);
  const hit = entries.get(collection)?.get(k);
  if (hit && clock() - hit.at < hit.ttlMs) return hit.value as T;
  // one read at a time per key: callers arriving while it runs share it
  const generation = generations.get(collection) ?? 0;
  const flightKey = `${collection}\u0000${k}`;
  const running = inFlight.get(flightKey);
  if (running && running.generation === generation) return running.promise as Promise<T>;
  // a mongoose query is a thenable that runs again on every `then`: adopted once, then shared
  const promise = Promise.resolve(read());
  inFlight.set(flightKey, { generation, promise });
  try {
    const value = await promise;
    if ((generations.get(collection) ?? 0) === generation) store(collection, k, value, opts.ttlMs ?? TTL_MS);
    return value;
  } finally {
    if (inFlight.get(flightKey)?.promise === promise) inFlight.delete(flightKey);
  }
}

/**
 * Stores what a write just made the document under `key` (a write-through cache for the one
 * writer of those documents); called after the write succeeded, whose hooks emptied the cache.
 */
export function primeCache(
  collection: string,
  key: unknown,
  value: unknown,
  opts: { ttlMs?: number } = {},
): void {
  store(collection, keyOf(key), value, opts.ttlMs ?? TTL_MS);
}

/** Entries under keys starting with this summarise the whole collection (see `summaryKey`). */
const SUMMARY = '\u0000summary:';

/**
 * The cache key of a read that summarises a collection (the set of ids it holds, say): forgotten
 * by every write to the collection, even a write to one document by `_id`.
 */
export const summaryKey = (name: string): string => `${SUMMARY}${name}`;

/**
 * Forgets what was read from this collection (every write through its model calls this), or only
 * the entry under `key` (and the collection's summaries) when given. Reads running meanwhile are
 * not kept either way.
 */
export function invalidateDirectory(collection: string, key?: string): void {
  generations.set(collection, (generations.get(collection) ?? 0) + 1);
  if (key === undefined) {
    entries.delete(collection);
    return;
  }
  const m = entries.get(collection);
  if (!m) return;
  m.delete(key);
  for (const k of m.keys()) if (k.startsWith(SUMMARY)) m.delete(k);
}

/** Forgets everything (tests that write to the driver collections directly). */
export function clearDirectoryCache(): void {
  for (const c of [...entries.keys(), ...generations.keys()]) invalidateDirectory(c);
}

/** For tests: the clock the time-to-live is measured with. */
export function setDirectoryCacheClock(now: () => number): void {
  clock = now;
}

/** The `_id` a query filters by, or a document's: only when a plain string. */
function idOf(self: unknown): string | undefined {
  const q = self as { getFilter?: () => Record<string, unknown>; _id?: unknown };
  const id = typeof q.getFilter === 'function' ? q.getFilter()._id : q._id;
  return typeof id === 'string' ? id : undefined;
}

const WRITES = [
  'save',
  'updateOne',
  'updateMany',
  'replaceOne',
  'findOneAndUpdate',
  'findOneAndReplace',
  'findOneAndDelete',
  'deleteOne',
  'deleteMany',
] as const;

/**
 * Schema plugin: every write through the model forgets the collection's cached reads. With
 * `keyedById` (every cached key is an `_id`), a write to one document by `_id` forgets only it.
 */
export function directoryCache(collection: string, opts: { keyedById?: boolean } = {}) {
  return (schema: Schema): void => {
    function bump(this: unknown) {
      invalidateDirectory(collection, opts.keyedById ? idOf(this) : undefined);
    }
    const on = schema as unknown as {
      pre(ops: readonly string[], opts: { document: boolean; query: boolean }, fn: () => void): void;
      post(ops: readonly string[], opts: { document: boolean; query: boolean }, fn: () => void): void;
    };
    on.pre(WRITES, { document: true, query: true }, bump);
    on.post(WRITES, { document: true, query: true }, bump);
    const model = schema as unknown as {
      pre(ops: readonly string[], fn: () => void): void;
      post(ops: readonly string[], fn: () => void): void;
    };
    model.pre(['insertMany', 'bulkWrite'], bump);
    model.post(['insertMany', 'bulkWrite'], bump);
  };
}
