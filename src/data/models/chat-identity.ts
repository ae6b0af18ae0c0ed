import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * A chat contact bound to a person. Some puppets change contact ids on every login, so the
 * display name and alias (remark) are kept to re-map them.
 */
const chatIdentitySchema = new Schema(
  {
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

export type ChatIdentityDoc = InferSchemaType<typeof chatIdentitySchema>;
export const ChatIdentity = model('ChatIdentity', chatIdentitySchema);
