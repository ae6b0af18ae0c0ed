import { createHash } from 'node:crypto';
import { Schema, Types, model, type InferSchemaType } from 'mongoose';
import { naturalId } from '../data/models/natural-id.js';

export const VISIT_ROLES = ['assistant', 'supervisor'] as const;
export const VISIT_METHODS = ['door', 'phone', 'chat', 'other'] as const;

/** One household visit (拜访客户登记记录): who, how, what was said, the issues raised and their tickets. */
const visitSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, ref: 'Community', required: true },
    zoneId: { type: Schema.Types.ObjectId, ref: 'Zone', required: true, index: true },
    unitId: { type: Schema.Types.ObjectId, ref: 'Unit', required: true },
    building: { type: String, required: true },
    month: { type: String, required: true },
    year: { type: String, required: true },
    at: { type: Date, required: true },
    byId: { type: Schema.Types.ObjectId, ref: 'Person' },
    byName: String,
    role: { type: String, enum: VISIT_ROLES, required: true },
    method: { type: String, enum: VISIT_METHODS, required: true },
    notes: String,
    issues: [{ _id: false, text: { type: String, required: true }, ticketNumber: String }],
    /** The unit was a key customer when visited. */
    keyCustomer: { type: Boolean, default: false },
    /** The chat run or API retry key it was recorded under (the `_id` is derived from it: see visitIdFor). */
    sourceKey: String,
  },
  { timestamps: true },
);
visitSchema.index({ communityId: 1, month: 1 });

export type VisitDoc = InferSchemaType<typeof visitSchema>;

/**
 * The `_id` of the visit recorded under a source key: the same key always names the same
 * document, so a chat flow finishing twice (or an API retry) records one visit, arbitrated by the
 * `_id` index and found again by a bare `_id` read (no extra unique index, nothing to migrate).
 */
export const visitIdFor = (sourceKey: string) =>
  new Types.ObjectId(createHash('sha256').update(`visit:${sourceKey}`).digest('hex').slice(0, 24));
export const Visit = model('Visit', visitSchema);

/** A key customer (重点客户): the unit, keyed by its id. */
const keyCustomerSchema = new Schema(
  {
    _id: { type: String },
    unitId: { type: String, required: true },
    communityId: { type: Schema.Types.ObjectId, ref: 'Community', required: true },
    zoneId: { type: Schema.Types.ObjectId, ref: 'Zone', required: true },
  },
  { timestamps: true },
);
naturalId(keyCustomerSchema, ['unitId']);
export const KeyCustomer = model('KeyCustomer', keyCustomerSchema);

/** A building meeting (楼长会), one per building every `visits.buildingMeetingEveryMonths`. */
const buildingMeetingSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, ref: 'Community', required: true },
    zoneId: { type: Schema.Types.ObjectId, ref: 'Zone', required: true },
    building: { type: String, required: true },
    period: { type: String, required: true },
    at: { type: Date, required: true },
    byName: String,
    attendees: Number,
    notes: String,
  },
  { timestamps: true },
);
export const BuildingMeeting = model('BuildingMeeting', buildingMeetingSchema);

/** A zone's visit plan for a month (`zoneId:month`), made by the plans job or on first view. */
const visitPlanSchema = new Schema(
  {
    _id: { type: String },
    zoneId: { type: String, required: true },
    month: { type: String, required: true },
    communityId: { type: Schema.Types.ObjectId, ref: 'Community', required: true },
    households: { type: Number, required: true },
    keyUnitIds: [String],
    supervisorUnitIds: [String],
    meetingBuildings: [String],
  },
  { timestamps: true },
);
naturalId(visitPlanSchema, ['zoneId', 'month']);
export type VisitPlanDoc = InferSchemaType<typeof visitPlanSchema>;
export const VisitPlan = model('VisitPlan', visitPlanSchema);
