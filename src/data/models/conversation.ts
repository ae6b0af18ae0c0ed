import { Schema, model, type InferSchemaType } from 'mongoose';

/** A chat flow's state per chat + sender, versioned for atomic updates and expiring when idle. */
const conversationSchema = new Schema(
  {
    key: { type: String, required: true, unique: true },
    flow: { type: String, required: true },
    step: { type: String, required: true },
    data: { type: Schema.Types.Mixed, default: {} },
    version: { type: Number, default: 0 },
    expiresAt: { type: Date, required: true, index: true },
  },
  { timestamps: true, minimize: false },
);

export type ConversationDoc = InferSchemaType<typeof conversationSchema>;
export const Conversation = model('Conversation', conversationSchema);
