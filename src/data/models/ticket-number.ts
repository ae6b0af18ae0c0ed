import { Schema, model } from 'mongoose';

/**
 * Ticket number → ticket ids (numbers are unique per community, so one number may name tickets of
 * several communities). Lets a lookup by number read by `_id` (FerretDB v1 reads the whole
 * tickets collection for any other filter). Written when a ticket is created
 * (src/data/ticket-lookup.ts), rebuilt at start when it lags behind the tickets.
 */
const ticketNumberSchema = new Schema(
  {
    _id: { type: String, required: true },
    ids: { type: [Schema.Types.ObjectId], default: [] },
  },
  { versionKey: false },
);
export const TicketNumber = model('TicketNumber', ticketNumberSchema, 'ticketnumbers');
