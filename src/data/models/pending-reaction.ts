import { Schema, model, type Types } from 'mongoose';

/**
 * The ticket events whose reactions (dispatch, notices, jobs, live updates) have not all run yet:
 * a row under the event's `_id` is inserted just before the event and deleted once every reactor
 * succeeded. Recovery reads this collection, whose size follows work in flight, instead of the
 * timeline, which grows with history: FerretDB v1 reads a whole table for any update or delete,
 * even by `_id`, so the timeline itself is only ever inserted into.
 */
const pendingReactionSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    ticketId: { type: Schema.Types.ObjectId, required: true },
  },
  { versionKey: false },
);

export type PendingReactionDoc = { _id: Types.ObjectId; ticketId: Types.ObjectId };
export const PendingReaction = model('PendingReaction', pendingReactionSchema, 'pendingreactions');
