import { Schema, model, type InferSchemaType } from 'mongoose';
import { directoryCache } from '../directory-cache.js';

/**
 * A zone (片区) of a community. Its manager and team are the people whose `zoneIds` name it
 * (one record of who works where; see notify/recipients.ts).
 */
const zoneSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, ref: 'Community', required: true, index: true },
    code: { type: String, required: true },
    name: { type: String, required: true },
    buildings: [String],
    active: { type: Boolean, default: true },
  },
  { timestamps: true },
);
zoneSchema.index({ communityId: 1, code: 1 }, { unique: true });

export type ZoneDoc = InferSchemaType<typeof zoneSchema>;
zoneSchema.plugin(directoryCache('zones'));
export const Zone = model('Zone', zoneSchema);
