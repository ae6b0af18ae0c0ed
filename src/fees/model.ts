import { Schema, model, type InferSchemaType, type Types } from 'mongoose';

/**
 * What a unit owes for one month (物业费): imported from the finance system's CSV or set through
 * the API. A community's month is one generation of records (`importId`), the one its
 * `FeePeriod` pointer names: an import writes the month's new generation, switches the pointer
 * (one write by `_id`), then deletes the old one, so a crash between any two steps leaves the
 * month whole (src/fees/ledger.ts). `_id` is `<unitId>:<period>[:<importId>]`, so each record of
 * a generation is read and written by `_id`.
 */
const feeRecordSchema = new Schema(
  {
    _id: { type: String, required: true },
    communityId: { type: Schema.Types.ObjectId, ref: 'Community', required: true, index: true },
    zoneId: { type: Schema.Types.ObjectId, ref: 'Zone', required: true },
    unitId: { type: Schema.Types.ObjectId, ref: 'Unit', required: true },
    /** "3栋2单元1201" as imported, for lists. */
    unitLabel: { type: String, required: true },
    /** "YYYY-MM". */
    period: { type: String, required: true },
    amountDue: { type: Number, required: true },
    amountPaid: { type: Number, required: true, default: 0 },
    /** amountDue − amountPaid when positive, else 0 (kept so the arrears list is one query). */
    arrears: { type: Number, required: true, default: 0 },
    remindersSent: { type: Number, default: 0 },
    lastRemindedAt: Date,
    paidAt: Date,
    updatedBy: String,
    /** The generation (import) this record belongs to; missing: the month's first, pointer-less one. */
    importId: String,
  },
  { timestamps: true },
);
feeRecordSchema.index({ communityId: 1, arrears: 1 });
feeRecordSchema.index({ communityId: 1, period: 1 });

export type FeeRecordDoc = InferSchemaType<typeof feeRecordSchema> & { _id: string; zoneId: Types.ObjectId };
export const FeeRecord = model('FeeRecord', feeRecordSchema);

/** The record of a unit and month in a generation (`importId` '' is the first, pointer-less one). */
export const feeRecordId = (unitId: unknown, period: string, importId = '') =>
  `${String(unitId)}:${period}${importId ? `:${importId}` : ''}`;

/**
 * Which generation of a community's month is current: `_id` `<communityId>:<period>`. No pointer:
 * the records without `importId` are current.
 */
const feePeriodSchema = new Schema(
  {
    _id: { type: String, required: true },
    communityId: { type: Schema.Types.ObjectId, ref: 'Community', required: true, index: true },
    period: { type: String, required: true },
    importId: { type: String, required: true },
    /** The generation the last switch replaced (deleted next; what a crash left of it goes later). */
    previous: String,
    switchedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
export const FeePeriod = model('FeePeriod', feePeriodSchema);
export const feePeriodId = (communityId: unknown, period: string) => `${String(communityId)}:${period}`;
