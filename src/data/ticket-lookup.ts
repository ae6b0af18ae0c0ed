import { default as siftModule } from 'sift';
import type { Types } from 'mongoose';
import { Ticket, TicketNumber } from './models/index.js';

type Filter = Record<string, unknown>;

/** Whether a document matches a MongoDB filter (sift: MongoDB's query language, in memory). */
export function matchesFilter(filter: Filter, doc: unknown): boolean {
  return (siftModule as unknown as (q: unknown) => (doc: unknown) => boolean)(filter)(doc);
}

/**
 * Reads for one ticket by `_id`, the one filter FerretDB v1 answers from its primary key (any
 * other filter reads the whole collection, which grows with every ticket and event). The scope
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
    const t = await Ticket.findById(key._id).lean();
    candidates = t ? [t] : [];
  } else {
    const entry = await TicketNumber.findById(key.number).lean();
    if (!entry) return (await Ticket.findOne({ $and: [key, scope] }).lean()) as T | null; // not indexed yet
    candidates = (await Promise.all(entry.ids.map((id) => Ticket.findById(id).lean()))).filter(Boolean);
  }
  const found = candidates.find((t) => matchesFilter(scope, t));
  if (found || '_id' in key) return (found as T | undefined) ?? null;
  // a number whose index entry lacks a ticket (made by a process without the index listener)
  return (await Ticket.findOne({ $and: [key, scope] }).lean()) as T | null;
}

/** On a ticket's creation: its number indexed. */
export async function indexTicketNumber(t: { _id: Types.ObjectId | string; number: string }): Promise<void> {
  await TicketNumber.updateOne({ _id: t.number }, { $addToSet: { ids: t._id } }, { upsert: true });
}

/** At start: the number index rebuilt when it lags behind the tickets (first start, a crash). */
export async function rebuildTicketNumbers(): Promise<number> {
  const [tickets, indexed] = await Promise.all([
    Ticket.estimatedDocumentCount(),
    TicketNumber.estimatedDocumentCount(),
  ]);
  if (indexed >= tickets) return 0;
  const all = await Ticket.find({}, { number: 1 }).lean();
  for (let i = 0; i < all.length; i += 1000)
    await TicketNumber.collection.bulkWrite(
      all.slice(i, i + 1000).map((t) => ({
        updateOne: {
          filter: { _id: t.number as never },
          update: { $addToSet: { ids: t._id } },
          upsert: true,
        },
      })),
      { ordered: false },
    );
  return all.length;
}
