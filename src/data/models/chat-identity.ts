import { Schema, model, type InferSchemaType } from 'mongoose';
import { naturalId } from './natural-id.js';
import { directoryCache } from '../directory-cache.js';

/**
 * A chat contact bound to a person. Some puppets change contact ids on every login, so the
 * display name and alias (remark) are kept to re-map them. `_id` is `platform:contactId` (read by
 * `_id` on every message); a contact whose id changed is moved to its new key.
 */
const chatIdentitySchema = new Schema(
  {
    _id: { type: String },
    platform: { type: String, required: true, default: 'wechat' },
    contactId: { type: String, required: true },
    displayName: { type: String, required: true },
    alias: String,
    personId: { type: Schema.Types.ObjectId, ref: 'Person', index: true },
    boundAt: Date,
    lastSeenAt: Date,
  },
  { timestamps: true },
);
chatIdentitySchema.index({ platform: 1, contactId: 1 }, { unique: true });
chatIdentitySchema.index({ platform: 1, displayName: 1 });
naturalId(chatIdentitySchema, ['platform', 'contactId']);

export const chatIdentityKey = (platform: string, contactId: string) => `${platform}:${contactId}`;
export type ChatIdentityDoc = InferSchemaType<typeof chatIdentitySchema>;
chatIdentitySchema.plugin(directoryCache('chatidentities'));
export const ChatIdentity = model('ChatIdentity', chatIdentitySchema);
