import { Schema, model, type InferSchemaType } from 'mongoose';

/** A zone (片区) of a community, led by a zone manager with a team from every department. */
const zoneSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, ref: 'Community', required: true, index: true },
    code: { type: String, required: true },
    name: { type: String, required: true },
    managerId: { type: Schema.Types.ObjectId, ref: 'Person' },
    memberIds: [{ type: Schema.Types.ObjectId, ref: 'Person' }],
    buildings: [String],
    active: { type: Boolean, default: true },
  },
  { timestamps: true },
);
zoneSchema.index({ communityId: 1, code: 1 }, { unique: true });

export type ZoneDoc = InferSchemaType<typeof zoneSchema>;
export const Zone = model('Zone', zoneSchema);
