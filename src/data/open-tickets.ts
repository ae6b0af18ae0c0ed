import type { Types } from 'mongoose';
import { isDuplicateKey } from './errors.js';
import { OpenTicket, Ticket, isOpenState } from './models/index.js';
import { OPEN_STATES } from '../domain/ticket-states.js';

interface TicketLike {
  _id: Types.ObjectId | string;
  state: string;
  version?: number;
}

/**
 * A ticket change, mirrored: an open ticket is stored (replaced) in `opentickets`, any other
 * removed. An older version never replaces a newer one (two changes' listeners may finish out of
 * order): the replace matches only a stored version at most this one, and the upsert then meets
 * the newer copy's `_id`. Registered first among the ticket service's listeners.
 */
export async function mirrorOpenTicket(t: TicketLike): Promise<void> {
  if (!isOpenState(t.state)) {
    await OpenTicket.deleteOne({ _id: t._id });
    return;
  }
  try {
    await OpenTicket.collection.replaceOne(
      { _id: t._id as never, version: { $lte: t.version ?? 0 } },
      t as never,
      { upsert: true },
    );
  } catch (err) {
    if (!isDuplicateKey(err)) throw err; // a newer version is already there
  }
}

/**
 * At start: the mirror made to match the tickets (one read of the open tickets; a crash between
 * a ticket change and its mirror write is repaired here). Returns how many are open.
 */
export async function rebuildOpenTickets(): Promise<number> {
  const open = await Ticket.find({ state: { $in: OPEN_STATES } }).lean();
  const ids = new Set(open.map((t) => String(t._id)));
  const mirrored = await OpenTicket.find({}, { _id: 1 }).lean();
  const gone = mirrored.filter((m) => !ids.has(String(m._id))).map((m) => m._id);
  if (gone.length) await OpenTicket.deleteMany({ _id: { $in: gone } });
  // one replace by bare `_id` each (FerretDB v1 can stall for minutes on a bulk of upserts)
  for (const t of open) await OpenTicket.collection.replaceOne({ _id: t._id }, t as never, { upsert: true });
  return open.length;
}
