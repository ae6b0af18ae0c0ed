import { Schema, model, type InferSchemaType, type Types } from 'mongoose';
import { DEPARTMENTS, TICKET_KINDS } from '../../domain/roles.js';
import { TICKET_STATES } from '../../domain/ticket-states.js';
import { ticketReadBarrier } from '../ticket-read-barrier.js';

const slaSchema = new Schema(
  {
    dispatchBy: Date,
    acceptBy: Date,
    arriveBy: Date,
    quoteBy: Date,
    callbackBy: Date,
    followUpBy: Date,
    planBy: Date,
  },
  { _id: false },
);

const photoSchema = new Schema(
  {
    fileId: { type: Schema.Types.ObjectId, required: true },
    contentType: { type: String, required: true },
    size: { type: Number, required: true },
    sha256: { type: String, required: true },
    addedAt: { type: Date, required: true },
    addedBy: { type: Schema.Types.ObjectId, ref: 'Person' },
  },
  { _id: false },
);

const ticketSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, ref: 'Community', required: true },
    number: { type: String, required: true },
    /** Who made it, once: a chat flow's run, or the ticket's own id (unique; makes create idempotent). */
    sourceKey: { type: String, required: true },
    kind: { type: String, enum: TICKET_KINDS, required: true },
    department: { type: String, enum: DEPARTMENTS },
    category: String,
    scope: { type: String, enum: ['in_unit', 'public'], required: true },
    zoneId: { type: Schema.Types.ObjectId, ref: 'Zone' },
    unitId: { type: Schema.Types.ObjectId, ref: 'Unit' },
    location: String,
    reporterId: { type: Schema.Types.ObjectId, ref: 'Person' },
    reporterName: String,
    phone: String,
    description: { type: String, required: true },
    photos: { type: [photoSchema], default: [] },
    appointment: new Schema({ from: Date, to: Date }, { _id: false }),
    urgency: { type: String, enum: ['normal', 'urgent'], default: 'normal' },
    /** Who or what the report concerns (complaints and praise: a worker or a zone). */
    subject: new Schema(
      {
        personId: { type: Schema.Types.ObjectId, ref: 'Person' },
        zoneId: Schema.Types.ObjectId,
        text: String,
      },
      { _id: false },
    ),
    /**
     * Owners who reported the same public problem while this ticket was open (issue #11 point 7):
     * told of its outcome and asked to rate, each rating kept here; staff may unlink them.
     */
    linked: {
      type: [
        new Schema(
          {
            personId: { type: Schema.Types.ObjectId, ref: 'Person', required: true },
            name: String,
            at: { type: Date, required: true },
            description: String,
            rating: new Schema({ score: Number, comment: String, at: Date }, { _id: false }),
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    assigneeId: { type: Schema.Types.ObjectId, ref: 'Person' },
    assigneeName: String,
    /** Workers who sent this order back (退单): automatic dispatch passes them over. */
    sentBackBy: { type: [Schema.Types.ObjectId], default: [] },
    state: { type: String, enum: TICKET_STATES, required: true },
    /** Sequence number of the last timeline event applied to this document. */
    version: { type: Number, required: true, default: 0 },
    /**
     * The `_id`s of its timeline events in order (one per version): the timeline is read by `_id`,
     * which FerretDB v1 answers from its primary key, not by a scan of every ticket's events.
     * Tickets from before this field have none and are read by `ticketId`.
     */
    eventIds: { type: [Schema.Types.ObjectId], default: undefined },
    escalationLevel: { type: Number, default: 0 },
    reworkCount: { type: Number, default: 0 },
    sla: { type: slaSchema, default: {} },
    quote: new Schema(
      {
        amount: Number,
        note: String,
        requestedAt: Date,
        quotedAt: Date,
        quotedBy: Schema.Types.ObjectId,
        resumeState: { type: String, enum: TICKET_STATES },
        decision: { type: String, enum: ['agreed', 'declined'] },
      },
      { _id: false },
    ),
    fees: [
      new Schema(
        { item: { type: String, required: true }, amount: { type: Number, required: true } },
        { _id: false },
      ),
    ],
    materials: [
      new Schema({ name: String, quantity: Number, ownerSupplied: Boolean, verdict: String }, { _id: false }),
    ],
    actualItem: String,
    /** The desk's answer to an inquiry, suggestion or praise. */
    answer: String,
    rating: new Schema({ score: Number, comment: String, at: Date }, { _id: false }),
    callback: new Schema(
      {
        satisfied: Boolean,
        method: String,
        note: String,
        at: Date,
        by: Schema.Types.ObjectId,
        byName: String,
      },
      { _id: false },
    ),
    complaint: new Schema(
      {
        severity: { type: String, enum: ['normal', 'serious', 'malicious'] },
        plan: String,
        planDeadline: Date,
      },
      { _id: false },
    ),
    dispatchedAt: Date,
    acceptedAt: Date,
    arrivedAt: Date,
    completedAt: Date,
    closedAt: Date,
    escalatedAt: Date,
  },
  { timestamps: true, minimize: false },
);
ticketSchema.index({ communityId: 1, number: 1 }, { unique: true });
ticketSchema.index({ sourceKey: 1 }, { unique: true });
ticketSchema.index({ communityId: 1, state: 1, createdAt: -1 });
ticketSchema.index({ zoneId: 1, state: 1 });
ticketSchema.index({ assigneeId: 1, state: 1 });
ticketSchema.index({ reporterId: 1, createdAt: -1 });
ticketSchema.index({ unitId: 1, createdAt: -1 });

/**
 * Every query of `tickets` first waits for the changes this process has not written there yet
 * (an open ticket is moved on its copy in `opentickets` and written to `tickets` behind it:
 * src/data/ticket-store.ts), so a reader never sees an older ticket than the process has made.
 * The models made from clones of this schema (the open copies, the archive, the stored tickets
 * read beside the copies: src/data/models/open-ticket.ts) do not wait.
 */
const TICKET_QUERIES = [
  'find',
  'findOne',
  'countDocuments',
  'estimatedDocumentCount',
  'distinct',
  'findOneAndUpdate',
  'updateOne',
  'updateMany',
  'replaceOne',
  'deleteOne',
  'deleteMany',
] as const;
ticketSchema.pre([...TICKET_QUERIES], async function () {
  if (this.model.modelName === 'Ticket') await ticketReadBarrier();
});
ticketSchema.pre('aggregate', async function () {
  if (this.model().modelName === 'Ticket') await ticketReadBarrier();
});

export type TicketDoc = InferSchemaType<typeof ticketSchema> & {
  _id: Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
};
export const Ticket = model('Ticket', ticketSchema);
