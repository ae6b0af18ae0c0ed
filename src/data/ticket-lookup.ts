import { default as siftModule } from 'sift';
import type { Types } from 'mongoose';
import { isDuplicateKey } from './errors.js';
import { Ticket, TicketArchive, TicketNumber } from './models/index.js';
import { readTicket } from './ticket-store.js';

type Filter = Record<string, unknown>;

/** Whether a document matches a MongoDB filter (sift: MongoDB's query language, in memory). */
export function matchesFilter(filter: Filter, doc: unknown): boolean {
  return (siftModule as unknown as (q: unknown) => (doc: unknown) => boolean)(filter)(doc);
}

/**
 * Reads for one ticket by `_id`, the one filter FerretDB v1 answers from its primary key (any
 * other filter reads the whole collection, which grows with every ticket and event): its open
 * copy first, else the stored ticket (src/data/ticket-store.ts). The scope
 * filter is then applied to the document in memory with sift, which implements MongoDB's query
 * language, so the answer is the one the database would give.
 */
export async function findTicketScoped<T>(
  key: { number: string } | { _id: unknown },
  scope: Filter,
): Promise<T | null> {
  let candidates: unknown[];
  if ('_id' in key) {
    if (key._id === null || key._id === undefined) return null;
    const t = await readTicket(key._id);
    candidates = t ? [t] : [];
  } else {
    const entry = await TicketNumber.findById(key.number).lean();
    if (!entry) return (await Ticket.findOne({ $and: [key, scope] }).lean()) as T | null; // not indexed yet
    candidates = (await Promise.all(entry.ids.map((id) => readTicket(id)))).filter(Boolean);
  }
  const found = candidates.find((t) => matchesFilter(scope, t));
  if (found || '_id' in key) return (found as T | undefined) ?? null;
  // a number whose index entry lacks a ticket (made by a process without the index listener)
  return (await Ticket.findOne({ $and: [key, scope] }).lean()) as T | null;
}

/**
 * On a ticket's creation: its number indexed. A new number is an insert (on FerretDB v1 an insert
 * costs the same however many numbers there are; an update or upsert reads through the table); a
 * number already taken (another community's sequence) gets the ticket added.
 */
export async function indexTicketNumber(t: { _id: Types.ObjectId | string; number: string }): Promise<void> {
  try {
    await TicketNumber.collection.insertOne({ _id: t.number, ids: [t._id] } as never);
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    await TicketNumber.updateOne({ _id: t.number }, { $addToSet: { ids: t._id } });
  }
}

/** At start: the number index rebuilt when it lags behind the tickets (first start, a crash). */
export async function rebuildTicketNumbers(): Promise<number> {
  const [recent, archived, indexed] = await Promise.all([
    Ticket.estimatedDocumentCount(),
    TicketArchive.estimatedDocumentCount(),
    TicketNumber.estimatedDocumentCount(),
  ]);
  if (indexed >= recent + archived) return 0;
  // the index computed in memory from one read of each: numbers not indexed yet are inserted in
  // batches (one command per thousand: an upsert each took ~50 ms on FerretDB, minutes for a
  // year of tickets), and only entries that lack a ticket are updated one by one
  const [hot, cold, entries] = await Promise.all([
    Ticket.find({}, { number: 1 }).lean(),
    TicketArchive.find({}, { number: 1 }).lean(),
    TicketNumber.find({}).lean(),
  ]);
  const all = [...hot, ...cold];
  const stored = new Map(entries.map((e) => [String(e._id), new Set(e.ids.map(String))]));
  const missing = new Map<string, Array<Types.ObjectId | string>>();
  for (const t of all) {
    if (stored.get(t.number)?.has(String(t._id))) continue;
    missing.set(t.number, [...(missing.get(t.number) ?? []), t._id]);
  }
  const fresh = [...missing].filter(([number]) => !stored.has(number));
  const lacking = [...missing].filter(([number]) => stored.has(number));
  for (let i = 0; i < fresh.length; i += 1000) {
    const batch = fresh.slice(i, i + 1000);
    await TicketNumber.collection
      .insertMany(
        batch.map(([number, ids]) => ({ _id: number, ids }) as never),
        { ordered: false },
      )
      .catch((err: { code?: number; writeErrors?: unknown }) => {
        // a ticket created meanwhile indexed its number first: those are merged below
        if (err.code !== 11000 && !err.writeErrors) throw err;
        lacking.push(...batch);
      });
  }
  // one update by bare `_id` each: FerretDB v1 can stall for minutes on a bulk of updates (seen
  // as a restart that never listened after kill -9 in test:faults)
  for (const [number, ids] of lacking)
    await TicketNumber.collection.updateOne(
      { _id: number as never },
      { $addToSet: { ids: { $each: ids } } } as never,
      { upsert: true },
    );
  return all.length;
}
