import type { Types } from 'mongoose';
import type { Logger } from '../log.js';
import { OpenTicket, Ticket, isOpenState } from './models/index.js';
import { OPEN_STATES } from '../domain/ticket-states.js';
import { setTicketReadBarrier } from './ticket-read-barrier.js';

/**
 * Where a ticket's current state lives. An open ticket is changed on its copy in `opentickets`
 * (a collection sized by open work) and written to `tickets` behind it; a ticket leaving the open
 * work (closed, cancelled, filed) is written to `tickets` before its copy goes; a ticket that is
 * not open is changed in `tickets`. Why: on FerretDB v1 (SQLite) an update reads through its whole
 * table whatever the filter (src/data/README figures: 9 / 41 / 175 ms at 1,000 / 7,000 / 35,000
 * tickets, and minutes when they queue), while an update of the small copy costs the same at any
 * age of the desk; the timeline's unique (ticket, seq) still decides which change wins.
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

  /** Written within WRITE_BEHIND_MS (an older version never replaces a newer one). */
  later(doc: TicketDocument, after = WRITE_BEHIND_MS): void {
    const id = String(doc._id);
    const was = this.waiting.get(id);
    if (!was || was.version < doc.version) this.waiting.set(id, doc);
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), after);
      this.timer.unref?.();
    }
  }

  /**
   * Written now, with whatever else waits (a ticket leaving the open work). A failed write is
   * retried behind like any other, its copy (already in its final state) kept until then.
   */
  async now(doc: TicketDocument): Promise<void> {
    this.later(doc);
    await this.flush();
  }

  /** Writes what waits; resolves once this process's changes so far are written (or failed). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.running) await this.running;
    if (!this.waiting.size) return;
    const batch = [...this.waiting.values()];
    this.waiting.clear();
    this.running = this.write(batch).finally(() => {
      this.running = undefined;
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

/** The ticket with this id as it is now: its open copy, else the stored ticket. */
export async function readTicket<T = TicketDocument>(id: unknown, projection?: object): Promise<T | null> {
  if (id === null || id === undefined) return null;
  const copy = await OpenTicket.findById(id, projection).lean();
  if (copy) return copy as T;
  return (await Ticket.findById(id, projection).lean()) as T | null;
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
  const moved = await Ticket.findOneAndUpdate(
    filter,
    { $set: set },
    { strict: false, returnDocument: 'after' },
  ).lean<T>();
  return moved ? { ticket: moved, copy: false } : null;
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
