import { Schema, model, type Types } from 'mongoose';

/**
 * The reminders the scheduler sent about a ticket (who was told, when, why), shown on its
 * timeline between the events. A reminder changes nothing on the ticket, so it is not a versioned
 * ticket event: recording one is a single insert (batched with the reminders of the moment), not
 * a move of the ticket. On FerretDB v1 the move was an update that reads the whole open-ticket
 * table, one per reminder: 1,000 reminders due at once took 87 s (`npm run bench:jobs`).
 * `_id` is the job occurrence and reminder, so a job run twice records it once. Reminders older
 * than `retention.ticketsWorking` move to the history (read for tickets that old).
 */
const ticketReminderSchema = new Schema(
  {
    _id: { type: String, required: true },
    ticketId: { type: Schema.Types.ObjectId, ref: 'Ticket', required: true },
    /** The ticket's version when reminded: the entry follows that event on the timeline. */
    version: { type: Number, required: true },
    at: { type: Date, required: true },
    /** The ticket's state then. */
    state: String,
    /** `notify.<reminder>` is what was sent; `to` the names told. */
    data: Schema.Types.Mixed,
    note: String,
  },
  { minimize: false, versionKey: false },
);
ticketReminderSchema.index({ ticketId: 1 });
ticketReminderSchema.index({ at: 1 });

export interface TicketReminderDoc {
  _id: string;
  ticketId: Types.ObjectId;
  version: number;
  at: Date;
  state?: string;
  data?: Record<string, unknown>;
  note?: string;
}

export const TicketReminder = model('TicketReminder', ticketReminderSchema, 'ticketreminders');
export const TicketReminderHistory = model(
  'TicketReminderHistory',
  ticketReminderSchema.clone(),
  'ticketreminderhistory',
);
