import { Schema, model, type InferSchemaType, type Types } from 'mongoose';

export const NOTICE_TYPES = [
  'water_outage',
  'power_outage',
  'lift_maintenance',
  'fire_drill',
  'other',
] as const;
export type NoticeType = (typeof NOTICE_TYPES)[number];
export const AUDIENCE_SCOPES = ['community', 'zones', 'buildings', 'units'] as const;
export const NOTICE_STATES = ['draft', 'scheduled', 'published', 'cancelled'] as const;
export type NoticeState = (typeof NOTICE_STATES)[number];

/**
 * A notice (通知公告) to owners: an outage, lift maintenance, a fire drill. Its audience is the
 * community, some zones, buildings or units; `zoneIds` are the zones it touches (resolved when it
 * is saved), which pick the owners' groups it goes to and scope a zone manager's view.
 */
const announcementSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, ref: 'Community', required: true, index: true },
    type: { type: String, enum: NOTICE_TYPES, required: true },
    title: { type: String, required: true },
    body: { type: String, required: true },
    scope: { type: String, enum: AUDIENCE_SCOPES, required: true },
    zoneIds: [{ type: Schema.Types.ObjectId, ref: 'Zone' }],
    buildings: { type: [String], default: [] },
    unitIds: [{ type: Schema.Types.ObjectId, ref: 'Unit' }],
    startsAt: { type: Date, required: true },
    endsAt: { type: Date, required: true },
    /** Publish at this time (a scheduled job); none: on the publish call. */
    publishAt: Date,
    /** A reminder `announcements.reminderBefore` before `startsAt`. */
    remind: { type: Boolean, default: false },
    /** Each affected owner is also told privately. */
    notifyOwners: { type: Boolean, default: true },
    state: { type: String, enum: NOTICE_STATES, default: 'draft' },
    publishedAt: Date,
    remindedAt: Date,
    cancelledAt: Date,
    /** Messages queued when it was published: groups and owners. */
    sentToGroups: { type: Number, default: 0 },
    sentToOwners: { type: Number, default: 0 },
    createdBy: String,
    updatedBy: String,
  },
  { timestamps: true },
);
announcementSchema.index({ communityId: 1, state: 1, endsAt: 1 });

export type AnnouncementDoc = InferSchemaType<typeof announcementSchema> & {
  _id: Types.ObjectId;
};
export const Announcement = model('Announcement', announcementSchema);
