import { Schema, model, type InferSchemaType, type Types } from 'mongoose';
import { TICKET_EVENTS, TICKET_STATES } from '../../domain/ticket-states.js';

/**
 * The ticket's append-only timeline, and the arbiter of concurrent changes: a change to ticket T
 * at version v is the insert of event (T, v+1); the unique index lets exactly one writer win,
 * on MongoDB and on FerretDB alike (whose SQLite backend does not make a conditional update
 * atomic). The winner then applies `patch` to the ticket; a patch left unapplied by a crash is
 * rolled forward by the next writer. Events are only ever inserted: whether their reactions have
 * run is kept in the small `pendingreactions` collection (models/pending-reaction.ts).
 */
const ticketEventSchema = new Schema(
  {
    ticketId: { type: Schema.Types.ObjectId, ref: 'Ticket', required: true },
    seq: { type: Number, required: true },
    at: { type: Date, required: true },
    event: { type: String, enum: TICKET_EVENTS, required: true },
    from: { type: String, enum: TICKET_STATES },
    to: { type: String, enum: TICKET_STATES },
    actorKind: { type: String, enum: ['person', 'admin', 'system'], required: true },
    actorId: { type: Schema.Types.ObjectId, ref: 'Person' },
    actorName: String,
    note: String,
    data: Schema.Types.Mixed,
    /** The $set this event makes on the ticket, as { path, value } entries (FerretDB v1 takes neither dotted keys nor nested arrays) (absolute values, so applying twice is harmless). */
    patch: Schema.Types.Mixed,
    /**
     * Written by earlier versions (false until reacted to, then set): the unreacted ones are
     * moved into `pendingreactions` once at start (src/data/maintenance.ts); never written now.
     */
    reacted: Boolean,
  },
  { minimize: false, versionKey: false },
);
ticketEventSchema.index({ ticketId: 1, seq: 1 }, { unique: true });

export type TicketEventDoc = InferSchemaType<typeof ticketEventSchema> & { _id: Types.ObjectId };
export const TicketEvent = model('TicketEvent', ticketEventSchema);
