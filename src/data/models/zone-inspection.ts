import { Schema, model, type InferSchemaType } from 'mongoose';

/** The supervisor's public-area inspection score of a zone for a month (30% of its monthly score). */
const zoneInspectionSchema = new Schema(
  {
    zoneId: { type: Schema.Types.ObjectId, ref: 'Zone', required: true },
    month: { type: String, required: true, match: /^\d{4}-(0[1-9]|1[0-2])$/ },
    score: { type: Number, required: true, min: 0, max: 100 },
    by: String,
  },
  { timestamps: true },
);
zoneInspectionSchema.index({ zoneId: 1, month: 1 }, { unique: true });

export type ZoneInspectionDoc = InferSchemaType<typeof zoneInspectionSchema>;
export const ZoneInspection = model('ZoneInspection', zoneInspectionSchema);
