import type { Types } from 'mongoose';
import type { Logger } from '../log.js';
import { OpenTicket, Ticket, TicketArchive, isOpenState } from './models/index.js';
import { StoredTicket } from './models/open-ticket.js';
import { matchesFilter } from './ticket-lookup.js';
import { isDuplicateKey } from './errors.js';
import { moveDocuments } from './batch.js';
import { OPEN_STATES } from '../domain/ticket-states.js';
import { setTicketReadBarrier } from './ticket-read-barrier.js';

/**
 * Where a ticket's current state lives. An open ticket is changed on its copy in `opentickets`
 * (a collection sized by open work) and written to `tickets` behind it; a ticket leaving the open
 * work (closed, cancelled, filed) is written to `tickets` before its copy goes; a ticket that is
 * not open is changed in `tickets`. Why: on FerretDB v1 (SQLite) an update reads through its whole
 * table whatever the filter (README, "At scale": 9 / 41 / 175 ms at 1,000 / 7,000 / 35,000
 * tickets, and seconds when they queue), while an update of the small copy costs the same at any
 * age of the desk; the timeline's unique (ticket, seq) still decides which change wins. Tickets
 * long closed move on to `ticketarchive` (below), so `tickets` holds the recent months.
 *
 * Readers: a ticket by id through `readTicket` (the copy first, both by `_id`); every query of
 * `tickets` waits until this process's changes are written there (the model's query hook), so it
 * never sees an older state than the process made. After a crash, `reconcileOpenTickets` at start
 * writes every copy that is newer than its ticket (and the reverse), before anything else runs.
 */

type TicketDocument = { _id: Types.ObjectId | string; state: string; version: number } & Record<
  string,
  unknown
>;

/** Changes of open tickets wait this long to be written to `tickets` (several become one write). */
export const WRITE_BEHIND_MS = 250;
let writeBehindMs = WRITE_BEHIND_MS;

/** For tests: how long changes wait (a longer wait makes "several become one" certain). */
export function setWriteBehindDelay(ms: number = WRITE_BEHIND_MS): void {
  writeBehindMs = ms;
}
const RETRY_MS = 5_000;

let log: Pick<Logger, 'warn' | 'error'> | undefined;

/** The logger for writes that fail behind the caller (set by createServices). */
export function setTicketStoreLog(l: Pick<Logger, 'warn' | 'error'>): void {
  log = l;
}

class WriteBehind {
  private readonly waiting = new Map<string, TicketDocument>();
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  /** The tickets of the batch being written now. */
  private writing = new Set<string>();

  /** Written within WRITE_BEHIND_MS (an older version never replaces a newer one). */
  later(doc: TicketDocument, after = writeBehindMs): void {
    const id = String(doc._id);
    const was = this.waiting.get(id);
    if (!was || was.version < doc.version) this.waiting.set(id, doc);
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), after);
      this.timer.unref?.();
    }
  }

  /**
   * Written now, alone (a ticket leaving the open work: nothing else waits for what is queued).
   * A failed write is retried behind like any other, its copy (already in its final state) kept
   * until then; an older version still queued or being written changes nothing after it.
   */
  async now(doc: TicketDocument): Promise<void> {
    const id = String(doc._id);
    if ((this.waiting.get(id)?.version ?? -1) <= doc.version) this.waiting.delete(id);
    // an older version of it being written now goes first: on FerretDB a conditional replace is
    // not atomic, so the two at once could leave the older one stored (and the copy gone)
    while (this.writing.has(id) && this.running) await this.running;
    try {
      await writeTicket(doc);
    } catch (err) {
      log?.warn({ err, ticketId: id }, 'ticket not written behind its copy: retried');
      this.later(doc, RETRY_MS);
    }
  }

  /** Writes what waits; resolves once this process's changes so far are written (or failed). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.running) await this.running;
    if (!this.waiting.size) return;
    const batch = [...this.waiting.values()];
    this.waiting.clear();
    this.writing = new Set(batch.map((d) => String(d._id)));
    this.running = this.write(batch).finally(() => {
      this.running = undefined;
      this.writing = new Set();
    });
    await this.running;
  }

  private async write(batch: TicketDocument[]): Promise<void> {
    // one at a time: on FerretDB each write reads through the table; queued together they stall
    for (const doc of batch) {
      try {
        await writeTicket(doc);
      } catch (err) {
        log?.warn({ err, ticketId: String(doc._id) }, 'ticket not written behind its copy: retried');
        this.later(doc, RETRY_MS);
      }
    }
  }

  pending(): number {
    return this.waiting.size;
  }
}

const behind = new WriteBehind();
setTicketReadBarrier(() => behind.flush());

/** The ticket stored in `tickets` (unless that one is newer), and a closed one's copy removed. */
async function writeTicket(doc: TicketDocument): Promise<void> {
  await Ticket.collection.replaceOne({ _id: doc._id, version: { $lt: doc.version } } as never, doc as never);
  if (!isOpenState(doc.state))
    await OpenTicket.collection.deleteOne({ _id: doc._id, version: doc.version } as never);
}

/** Resolves once every change made so far is written to `tickets` (tests, shutdown). */
export function flushTickets(): Promise<void> {
  return behind.flush();
}

/** How many tickets wait to be written behind their copies. */
export function ticketsWaiting(): number {
  return behind.pending();
}

/**
 * The ticket with this id as it is now: its open copy, else the stored ticket, else archived. The
 * stored read does not wait for the writes behind (the model's query hook): a ticket without a
 * copy has none queued, since a copy goes only after its ticket's last version is written (a
 * busy writer behind made every closed ticket's detail wait for all of them: ~0.5 s each at five
 * years under load, bench:scale).
 */
export async function readTicket<T = TicketDocument>(id: unknown, projection?: object): Promise<T | null> {
  if (id === null || id === undefined) return null;
  const copy = await OpenTicket.findById(id, projection).lean();
  if (copy) return copy as T;
  const stored = await StoredTicket.findById(id, projection).lean();
  if (stored) return stored as T;
  return (await TicketArchive.findById(id, projection).lean()) as T | null;
}

/**
 * Applies a logged event's patch to the ticket at version `seq - 1`, where its current state
 * lives; null when it is not at that version (a concurrent change or a roll-forward moved it).
 * `copy` says whether the open copy took it (so the mirror needs no write).
 */
export async function moveTicket<T>(
  ticket: { _id: unknown; state: string },
  seq: number,
  set: Record<string, unknown>,
): Promise<{ ticket: T; copy: boolean } | null> {
  const filter = { _id: ticket._id, version: seq - 1 };
  if (isOpenState(ticket.state)) {
    const moved = await OpenTicket.findOneAndUpdate(
      filter,
      { $set: set },
      { strict: false, returnDocument: 'after' },
    ).lean<TicketDocument>();
    if (moved) {
      if (isOpenState(moved.state)) behind.later(moved);
      else await behind.now(moved); // stored in `tickets` before the copy goes
      return { ticket: moved as T, copy: true };
    }
    // no copy at all (its mirror write failed): changed where it is stored, mirrored after
    if (await OpenTicket.exists({ _id: ticket._id })) return null;
  }
  const change = () =>
    Ticket.findOneAndUpdate(filter, { $set: set }, { strict: false, returnDocument: 'after' }).lean<T>();
  let moved = await change();
  // an archived ticket (a reopen, a late note) comes back to `tickets` first
  if (!moved && (await unarchive(ticket._id))) moved = await change();
  return moved ? { ticket: moved, copy: false } : null;
}

// ── the archive of tickets long closed ─────────────────────────────────────

let archiveAfterMs = 90 * 86_400_000;

/** `retention.ticketsWorking` (set by createServices): how far back `tickets` alone answers. */
export function setTicketsWorking(ms: number): void {
  archiveAfterMs = ms;
}

/** Moves an archived ticket back to `tickets` (inserted there, then removed from the archive). */
async function unarchive(id: unknown): Promise<boolean> {
  const doc = await TicketArchive.findById(id).lean();
  if (!doc) return false;
  try {
    await Ticket.collection.insertOne(doc as never);
  } catch (err) {
    if (!isDuplicateKey(err)) throw err; // back already (a move cut short)
  }
  await TicketArchive.collection.deleteOne({ _id: doc._id } as never);
  return true;
}

/**
 * Tickets closed, cancelled or filed and untouched since `cutoff`, moved from `tickets` to the
 * archive (`moveDocuments`). Run by the daily retention and at start.
 */
export function archiveClosedTickets(cutoff: Date): Promise<number> {
  return moveDocuments(Ticket.collection, TicketArchive.collection, {
    state: { $nin: OPEN_STATES },
    updatedAt: { $lt: cutoff },
  });
}

/** Whether tickets matching a query about `since` onwards can be in the archive. */
function reachesArchive(since: Date | undefined, now = Date.now()): boolean {
  // an archived ticket was last changed before its archiving day minus the working time, and
  // every date a query asks about (created, completed, rated, called back) is set by a change
  return !since || since.getTime() < now - archiveAfterMs;
}

type Sort = Record<string, 1 | -1>;
export interface TicketQuery {
  projection?: Record<string, 0 | 1>;
  /** The earliest date the query asks about: newer than the working time, `tickets` answers alone. */
  since?: Date;
  sort?: Sort;
  skip?: number;
  limit?: number;
}

function comparator(sort: Sort) {
  return (a: Record<string, unknown>, b: Record<string, unknown>): number => {
    for (const [field, dir] of Object.entries(sort)) {
      const [x, y] = [a[field], b[field]];
      const [u, v] = [
        x instanceof Date ? x.getTime() : String(x),
        y instanceof Date ? y.getTime() : String(y),
      ];
      if (u < v) return -dir;
      if (u > v) return dir;
    }
    return 0;
  };
}

/** Only the fields of an inclusion projection (top-level names), `_id` always. */
function project(doc: Record<string, unknown>, projection?: Record<string, 0 | 1>) {
  if (!projection) return doc;
  const keep = Object.entries(projection)
    .filter(([, v]) => v)
    .map(([k]) => k.split('.')[0]!);
  return Object.fromEntries(Object.entries(doc).filter(([k]) => k === '_id' || keep.includes(k)));
}

/**
 * The open work as it is now (its copies: one read of a collection sized by it), and the
 * filter for `tickets` that leaves those tickets out (their stored state may be behind).
 */
async function openNow(filter: Record<string, unknown>) {
  const copies = await OpenTicket.find({}).lean<Array<Record<string, unknown>>>();
  return {
    matching: copies.filter((c) => matchesFilter(filter, c)),
    stored: { $and: [filter, { _id: { $nin: copies.map((c) => c._id) } }] },
  };
}

/**
 * Tickets matching `filter` as they are now: open ones from their copies, the others from
 * `tickets` (as stored, no wait for writes behind the copies) and, when the query reaches back
 * past the working time, from the archive; sorted, skipped and limited across all three (each
 * asked for skip + limit).
 */
export async function findTickets<T = TicketDocument>(
  filter: Record<string, unknown>,
  q: TicketQuery = {},
): Promise<T[]> {
  const take = q.limit === undefined ? undefined : (q.skip ?? 0) + q.limit;
  const read = (m: typeof Ticket, f: Record<string, unknown>) => {
    let query = m.find(f as never, q.projection);
    if (q.sort) query = query.sort(q.sort);
    if (take !== undefined) query = query.limit(take);
    return query.lean<Array<Record<string, unknown>>>();
  };
  const open = await openNow(filter);
  const [stored, archived] = await Promise.all([
    read(StoredTicket as unknown as typeof Ticket, open.stored),
    reachesArchive(q.since) ? read(TicketArchive as unknown as typeof Ticket, filter) : [],
  ]);
  const seen = new Set<string>();
  let all = [...open.matching.map((c) => project(c, q.projection)), ...stored, ...archived].filter((t) => {
    const id = String(t._id);
    return seen.has(id) ? false : (seen.add(id), true);
  });
  if (q.sort) all.sort(comparator(q.sort));
  if (q.skip) all = all.slice(q.skip);
  if (q.limit !== undefined) all = all.slice(0, q.limit);
  return all as T[];
}

/** How many tickets match `filter` as they are now (the same sources as `findTickets`). */
export async function countTickets(filter: Record<string, unknown>, q: Pick<TicketQuery, 'since'> = {}) {
  const open = await openNow(filter);
  const [stored, archived] = await Promise.all([
    StoredTicket.countDocuments(open.stored as never),
    reachesArchive(q.since) ? TicketArchive.countDocuments(filter as never) : 0,
  ]);
  return open.matching.length + stored + archived;
}

/**
 * At start: copies and tickets made to agree, the newer version winning either way (a crash may
 * have left a copy's changes unwritten, or a ticket's mirror write undone); a copy of a ticket
 * that is no longer open is removed once the ticket has its state. Returns how many are open.
 */
export async function reconcileOpenTickets(): Promise<number> {
  const [copies, open] = await Promise.all([
    OpenTicket.find({}).lean<TicketDocument[]>(),
    Ticket.find({ state: { $in: OPEN_STATES } }).lean<TicketDocument[]>(),
  ]);
  const stored = new Map(open.map((t) => [String(t._id), t]));
  const copied = new Set<string>();
  let count = 0;
  for (const copy of copies) {
    const id = String(copy._id);
    const ticket = stored.get(id) ?? (await Ticket.findById(copy._id).lean<TicketDocument>());
    if (!ticket) {
      await OpenTicket.collection.deleteOne({ _id: copy._id } as never);
      continue;
    }
    copied.add(id);
    if (ticket.version < copy.version) await writeTicket(copy);
    else if (ticket.version > copy.version) {
      if (isOpenState(ticket.state))
        await OpenTicket.collection.replaceOne({ _id: copy._id } as never, ticket);
      else await OpenTicket.collection.deleteOne({ _id: copy._id } as never);
    } else if (!isOpenState(copy.state)) await OpenTicket.collection.deleteOne({ _id: copy._id } as never);
    if (isOpenState((ticket.version < copy.version ? copy : ticket).state)) count++;
  }
  // open tickets without a copy: one replace by bare `_id` each (FerretDB v1 can stall for
  // minutes on a bulk of upserts)
  for (const t of open) {
    if (copied.has(String(t._id))) continue;
    await OpenTicket.collection.replaceOne({ _id: t._id } as never, t, { upsert: true });
    count++;
  }
  return count;
}
