import { Schema, model, type InferSchemaType } from 'mongoose';
import { UNIT_STATES } from '../../domain/roles.js';
import { directoryCache } from '../directory-cache.js';

/**
 * A unit: building (栋) → entrance (单元) → room (房号). Its owners, tenants and family are the
 * people whose `units` name it (one source of truth, see person.ts).
 */
const unitSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, ref: 'Community', required: true },
    zoneId: { type: Schema.Types.ObjectId, ref: 'Zone', required: true, index: true },
    building: { type: String, required: true },
    entrance: { type: String, required: true },
    room: { type: String, required: true },
    state: { type: String, enum: UNIT_STATES, default: 'occupied' },
    area: Number,
    active: { type: Boolean, default: true },
  },
  { timestamps: true },
);
unitSchema.index({ communityId: 1, building: 1, entrance: 1, room: 1 }, { unique: true });

export type UnitDoc = InferSchemaType<typeof unitSchema>;
unitSchema.plugin(directoryCache('units'));
export const Unit = model('Unit', unitSchema);

/** "3栋2单元1201" */
export function unitLabel(u: { building: string; entrance: string; room: string }): string {
  return `${u.building}栋${u.entrance}单元${u.room}`;
}
