import { Schema, model } from 'mongoose';
import { REVIEWERS, RENOVATION_STATES, SIZES, VIOLATION_LADDER } from './rules.js';

const photo = new Schema(
  { fileId: { type: String, required: true }, contentType: String, size: Number, sha256: String },
  { _id: false },
);
const by = { type: String }; // person id of the staff member (or "admin"/"system")
const review = new Schema(
  {
    decision: { type: String, enum: ['approve', 'changes'], required: true },
    note: String,
    by,
    byName: String,
    at: Date,
  },
  { _id: false },
);

/**
 * One renovation application (装修申报) and everything recorded on it until the deposit is
 * refunded. `_id` is its readable number (RN20261202-0001), so every hot read is by `_id`.
 */
const renovationSchema = new Schema(
  {
    _id: { type: String, required: true },
    communityId: { type: Schema.Types.ObjectId, ref: 'Community', required: true },
    zoneId: { type: Schema.Types.ObjectId, ref: 'Zone', required: true },
    unitId: { type: Schema.Types.ObjectId, ref: 'Unit', required: true },
    applicantId: { type: Schema.Types.ObjectId, ref: 'Person', required: true },
    applicantName: String,
    relation: { type: String, enum: ['owner', 'tenant', 'family'], required: true },
    /** A tenant's written authorisation by the owner (授权委托书): who, and how it was shown. */
    ownerAuthorization: new Schema(
      { ownerName: { type: String, required: true }, note: String, recordedAt: Date },
      { _id: false },
    ),
    channel: { type: String, enum: ['chat', 'desk'], required: true },
    company: { type: String, required: true },
    scope: { type: String, required: true },
    size: { type: String, enum: SIZES, required: true },
    startDate: { type: String, required: true },
    endDate: { type: String, required: true },
    photos: { type: [photo], default: [] },
    state: { type: String, enum: RENOVATION_STATES, default: 'submitted' },
    reviews: new Schema(Object.fromEntries(REVIEWERS.map((r) => [r, review])), { _id: false }),
    permitNumber: String,
    workerPasses: {
      type: [new Schema({ name: { type: String, required: true }, passNumber: String }, { _id: false })],
      default: [],
    },
    extensions: {
      type: [
        new Schema(
          {
            until: { type: String, required: true },
            reason: String,
            decision: { type: String, enum: ['pending', 'approved', 'rejected'], default: 'pending' },
            at: Date,
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    inspections: {
      type: [
        new Schema(
          {
            day: String,
            at: Date,
            by,
            byName: String,
            checklist: { type: Map, of: Boolean },
            note: String,
            photos: { type: [photo], default: [] },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    /** Days an inspection task was sent (one per day). */
    inspectionTasks: { type: [String], default: [] },
    violations: {
      type: [
        new Schema(
          {
            level: { type: String, enum: VIOLATION_LADDER, required: true },
            note: { type: String, required: true },
            evidence: { type: [photo], default: [] },
            at: Date,
            by,
            byName: String,
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    acceptances: {
      type: [new Schema({ passed: Boolean, note: String, at: Date, by, byName: String }, { _id: false })],
      default: [],
    },
    acceptedAt: Date,
    refundDueAt: Date,
    refundedAt: Date,
    history: {
      type: [new Schema({ at: Date, action: String, by: String, note: String }, { _id: false })],
      default: [],
    },
    version: { type: Number, default: 0 },
  },
  { timestamps: true },
);
renovationSchema.index({ communityId: 1, state: 1 });

export type RenovationDoc = {
  _id: string;
  communityId: unknown;
  zoneId: unknown;
  unitId: unknown;
  applicantId: unknown;
  applicantName?: string;
  relation: 'owner' | 'tenant' | 'family';
  ownerAuthorization?: { ownerName: string; note?: string; recordedAt?: Date };
  channel: 'chat' | 'desk';
  company: string;
  scope: string;
  size: (typeof SIZES)[number];
  startDate: string;
  endDate: string;
  photos: Array<{ fileId: string; contentType?: string; size?: number; sha256?: string }>;
  state: (typeof RENOVATION_STATES)[number];
  reviews?: Partial<
    Record<
      (typeof REVIEWERS)[number],
      { decision: 'approve' | 'changes'; note?: string; by?: string; byName?: string; at?: Date }
    >
  >;
  permitNumber?: string;
  workerPasses: Array<{ name: string; passNumber?: string }>;
  extensions: Array<{
    until: string;
    reason?: string;
    decision: 'pending' | 'approved' | 'rejected';
    at?: Date;
  }>;
  inspections: Array<{
    day?: string;
    at?: Date;
    by?: string;
    byName?: string;
    checklist?: Record<string, boolean>;
    note?: string;
    photos: unknown[];
  }>;
  inspectionTasks: string[];
  violations: Array<{
    level: (typeof VIOLATION_LADDER)[number];
    note: string;
    evidence: unknown[];
    at?: Date;
    by?: string;
    byName?: string;
  }>;
  acceptances: Array<{ passed?: boolean; note?: string; at?: Date; by?: string; byName?: string }>;
  acceptedAt?: Date;
  refundDueAt?: Date;
  refundedAt?: Date;
  history: Array<{ at?: Date; action?: string; by?: string; note?: string }>;
  version: number;
  createdAt?: Date;
  updatedAt?: Date;
};

export const Renovation = model('Renovation', renovationSchema);
