import { Schema, model, type InferSchemaType } from 'mongoose';
import { DEPARTMENTS } from '../../domain/roles.js';
import { directoryCache } from '../directory-cache.js';

/** A registered chat group: an owners' group of a zone, a staff group, or a department group. */
const roomSchema = new Schema(
  {
    platform: { type: String, required: true, default: 'wechat' },
    platformRoomId: { type: String, required: true },
    topic: { type: String, required: true },
    communityId: { type: Schema.Types.ObjectId, ref: 'Community', required: true },
    zoneId: { type: Schema.Types.ObjectId, ref: 'Zone' },
    department: { type: String, enum: DEPARTMENTS },
    purpose: { type: String, enum: ['owners', 'staff', 'department'], required: true },
    active: { type: Boolean, default: true },
  },
  { timestamps: true },
);
roomSchema.index({ platform: 1, platformRoomId: 1 }, { unique: true });
roomSchema.index({ topic: 1 });

export type RoomDoc = InferSchemaType<typeof roomSchema>;
roomSchema.plugin(directoryCache('rooms'));
export const Room = model('Room', roomSchema);
