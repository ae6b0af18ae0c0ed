import type { Types } from 'mongoose';
import { BatchWriter, moveDocuments } from './batch.js';
import { isDuplicateKey } from './errors.js';
import { TicketReminder, TicketReminderHistory, type TicketReminderDoc } from './models/ticket-reminder.js';

const inserts = new BatchWriter(() => TicketReminder.collection);

export interface ReminderRecord {
  /** The job occurrence and reminder: the same one recorded twice is kept once. */
  key: string;
  ticket: { _id: Types.ObjectId; version: number; state: string };
  at: Date;
  data: Record<string, unknown>;
  note?: string;
}

/** Records a reminder sent about a ticket (models/ticket-reminder.ts); a repeat is a no-op. */
export async function recordReminder(r: ReminderRecord): Promise<void> {
  try {
    await inserts.insert({
      _id: r.key,
      ticketId: r.ticket._id,
      version: r.ticket.version,
      at: r.at,
      state: r.ticket.state,
      data: r.data,
      ...(r.note ? { note: r.note } : {}),
    });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
}

/**
 * A ticket's reminders, oldest first: from the working log (the last `retention.ticketsWorking`),
 * and from the history too when the ticket is older than that (`since` is past its creation).
 */
export async function remindersOf(
  ticket: { _id: Types.ObjectId; createdAt?: Date | null },
  workingSince: Date,
): Promise<TicketReminderDoc[]> {
  const filter = { ticketId: ticket._id };
  const old = !ticket.createdAt || ticket.createdAt < workingSince;
  const [working, history] = await Promise.all([
    TicketReminder.find(filter).lean<TicketReminderDoc[]>(),
    old ? TicketReminderHistory.find(filter).lean<TicketReminderDoc[]>() : [],
  ]);
  const seen = new Set(working.map((r) => r._id));
  return [...working, ...history.filter((r) => !seen.has(r._id))].sort(
    (a, b) => a.at.getTime() - b.at.getTime(),
  );
}

/** Moves reminders recorded before `before` to the history (daily retention). */
export function moveOldReminders(before: Date): Promise<number> {
  return moveDocuments(TicketReminder.collection, TicketReminderHistory.collection, {
    at: { $lt: before },
  });
}
