import { Schema, model, type InferSchemaType } from 'mongoose';
import { directoryCache } from '../directory-cache.js';

/**
 * A chat flow's state per chat + sender, versioned and expiring when idle. `_id` is the
 * conversation key (read by `_id` on every message); `key` repeats it. Expired ones are swept
 * (src/data/retention.ts), so the collection holds open conversations only.
 */
const conversationSchema = new Schema(
  {
    _id: { type: String },
    key: { type: String, required: true, unique: true },
    flow: { type: String, required: true },
    step: { type: String, required: true },
    data: { type: Schema.Types.Mixed, default: {} },
    version: { type: Number, default: 0 },
    expiresAt: { type: Date, required: true, index: true },
  },
  { timestamps: true, minimize: false },
);
conversationSchema.pre('validate', function () {
  if (this.isNew && !this._id) this._id = this.key;
});

// the flow engine caches conversations by key and writes through (src/chat/flow-engine.ts)
conversationSchema.plugin(directoryCache('conversations', { keyedById: true }));

export type ConversationDoc = InferSchemaType<typeof conversationSchema>;
export const Conversation = model('Conversation', conversationSchema);
