import { Schema, model, type InferSchemaType, type Types } from 'mongoose';

/**
 * What a unit owes for one month (物业费): imported from the finance system's CSV or set through
 * the API. `_id` is `<unitId>:<period>`, so an import run again updates, never duplicates, and
 * each record is read by `_id`.
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
  },
  { timestamps: true },
);
feeRecordSchema.index({ communityId: 1, arrears: 1 });
feeRecordSchema.index({ communityId: 1, period: 1 });

export type FeeRecordDoc = InferSchemaType<typeof feeRecordSchema> & { _id: string; zoneId: Types.ObjectId };
export const FeeRecord = model('FeeRecord', feeRecordSchema);

export const feeRecordId = (unitId: unknown, period: string) => `${String(unitId)}:${period}`;
