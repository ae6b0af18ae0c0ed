import { Schema, model, type InferSchemaType } from 'mongoose';
import { PATROL_AREAS, PATROL_KINDS } from './checklist.js';

/**
 * One patrol (巡视/巡检): the zone manager's daily one, the zone team's weekly one or the
 * customer-service supervisor's weekly check. `items` are the checklist areas looked at, each in
 * order or not (with what was found and the ticket it became). Periods are local-time strings so
 * the reminders and the zone score find a day's, week's or month's patrols without date maths.
 */
const patrolSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, ref: 'Community', required: true },
    zoneId: { type: Schema.Types.ObjectId, ref: 'Zone', required: true, index: true },
    kind: { type: String, enum: PATROL_KINDS, required: true },
    day: { type: String, required: true },
    week: { type: String, required: true },
    month: { type: String, required: true },
    at: { type: Date, required: true },
    byId: { type: Schema.Types.ObjectId, ref: 'Person' },
    byName: String,
    items: [
      {
        _id: false,
        area: { type: String, enum: PATROL_AREAS, required: true },
        ok: { type: Boolean, required: true },
        note: String,
        ticketNumber: String,
      },
    ],
    photos: [String],
    notes: String,
    /** Idempotency: a chat flow finishing twice, or an API retry, records one patrol (unique; FerretDB has no partial indexes, so always set). */
    sourceKey: { type: String, required: true },
  },
  { timestamps: true },
);
patrolSchema.index({ sourceKey: 1 }, { unique: true });
patrolSchema.index({ communityId: 1, month: 1 });

export type PatrolDoc = InferSchemaType<typeof patrolSchema>;
export const Patrol = model('Patrol', patrolSchema);

/** One inspection of a vacant unit (空置房巡检), at least `patrols.vacantPerMonth` a month. */
const vacantInspectionSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, ref: 'Community', required: true },
    zoneId: { type: Schema.Types.ObjectId, ref: 'Zone', required: true },
    unitId: { type: Schema.Types.ObjectId, ref: 'Unit', required: true, index: true },
    month: { type: String, required: true },
    at: { type: Date, required: true },
    byId: { type: Schema.Types.ObjectId, ref: 'Person' },
    byName: String,
    ok: { type: Boolean, required: true },
    note: String,
    ticketNumber: String,
  },
  { timestamps: true },
);
vacantInspectionSchema.index({ communityId: 1, month: 1 });

export type VacantInspectionDoc = InferSchemaType<typeof vacantInspectionSchema>;
export const VacantInspection = model('VacantInspection', vacantInspectionSchema);
