import type { Types } from 'mongoose';
import { isDuplicateKey } from './errors.js';
import { OpenTicket, isOpenState } from './models/index.js';

interface TicketLike {
  _id: Types.ObjectId | string;
  state: string;
  version?: number;
  assigneeId?: unknown;
}

/** Who works on each open ticket, in memory (its size follows open work, like the mirror). */
interface Held {
  assigneeId?: string;
  state: string;
  version: number;
}
/** Another process's ticket changes are seen after this long at the latest. */
export const LOAD_REFRESH_MS = 30_000;
let held: { at: number; byTicket: Map<string, Held> } | undefined;
let loading: Promise<Map<string, Held>> | undefined;
let clock: () => number = () => Date.now();

/** For tests: the clock the refresh is measured with. */
export function setOpenTicketsClock(now: () => number): void {
  clock = now;
}

function remember(byTicket: Map<string, Held>, t: TicketLike): void {
  const id = String(t._id);
  const version = t.version ?? 0;
  const was = byTicket.get(id);
  if (was && was.version > version) return; // an older change finishing late
  if (!isOpenState(t.state)) byTicket.delete(id);
  else
    byTicket.set(id, {
      assigneeId: t.assigneeId ? String(t.assigneeId) : undefined,
      state: t.state,
      version,
    });
}

async function openTickets(): Promise<Map<string, Held>> {
  if (held && clock() - held.at < LOAD_REFRESH_MS) return held.byTicket;
  loading ??= (async () => {
    try {
      const at = clock();
      const docs = await OpenTicket.find({}, { assigneeId: 1, state: 1, version: 1 }).lean();
      const byTicket = new Map<string, Held>();
      for (const d of docs) remember(byTicket, d as TicketLike);
      // changes this process made while the read ran are kept where newer
      for (const [id, h] of held?.byTicket ?? [])
        if ((byTicket.get(id)?.version ?? -1) < h.version && isOpenState(h.state)) byTicket.set(id, h);
      held = { at, byTicket };
      return byTicket;
    } finally {
      loading = undefined;
    }
  })();
  return loading;
}

/**
 * How many open tickets in these states each of these people is assigned, from memory: read once
 * from the mirror, then kept by this process's ticket changes (`mirrorOpenTicket`) and read again
 * every `LOAD_REFRESH_MS` for other processes' changes (the dispatcher's ranking, a heuristic,
 * tolerates that delay). No query per ticket on the message path.
 */
export async function openLoad(
  assigneeIds: string[],
  states: readonly string[],
): Promise<Map<string, number>> {
  const byTicket = await openTickets();
  const wanted = new Set(assigneeIds);
  const load = new Map<string, number>();
  for (const h of byTicket.values())
    if (h.assigneeId && wanted.has(h.assigneeId) && states.includes(h.state))
      load.set(h.assigneeId, (load.get(h.assigneeId) ?? 0) + 1);
  return load;
}

/** Forgets the in-memory copy (tests that write to the mirror directly). */
export function forgetOpenLoad(): void {
  held = undefined;
}

/**
 * A ticket change, mirrored: an open ticket is stored (replaced) in `opentickets`, any other
 * removed. An older version never replaces a newer one (two changes' listeners may finish out of
 * order): the replace (or removal) matches only a stored version at most this one, and the
 * upsert then meets the newer copy's `_id`. Registered first among the ticket service's listeners.
 */
export async function mirrorOpenTicket(t: TicketLike, opts: { copied?: boolean } = {}): Promise<void> {
  if (held) remember(held.byTicket, t);
  if (opts.copied) return; // changed on the copy itself (src/data/ticket-store.ts)
  if (!isOpenState(t.state)) {
    // nor does an older change remove a newer copy (a reopened ticket's, whose changes may not be
    // written to `tickets` yet: readTicket reads `tickets` without waiting when there is no copy)
    await OpenTicket.deleteOne(
      t.version === undefined ? { _id: t._id } : { _id: t._id, version: { $lte: t.version } },
    );
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
