import { EventEmitter } from 'node:events';
import { Schema, model } from 'mongoose';

/**
 * What the outbound sender still has to send, kept apart from the outbox (which holds every
 * message for `retention.outbox`, and which FerretDB v1 could only scan). Rows queued in this
 * process reach the sender at once through `outboxEvents`; rows that must wait (quiet hours, a
 * retry's backoff) get an entry here, which the sender polls. Its size follows the waiting
 * work, not history. Rows left pending by a crash are found once at start.
 */
const outboxQueueSchema = new Schema(
  {
    _id: { type: String, required: true },
    sendAfter: { type: Date, required: true },
    order: { type: Number, required: true },
    /** An owner notice's person: released when they write during quiet hours (held-notices.ts). */
    personId: String,
  },
  { versionKey: false },
);
export const OutboxQueue = model('OutboxQueue', outboxQueueSchema, 'outboxqueue');

/** `queued` (row): an outbox row was just written by this process. */
export const outboxEvents = new EventEmitter();
outboxEvents.setMaxListeners(50);
