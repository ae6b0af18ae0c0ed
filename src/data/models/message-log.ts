import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * Every inbound message, under `_id` = `platform:messageId` (a redelivery is a duplicate key:
 * one insert, no query). Outbound messages are the outbox's rows. Trimmed after
 * `retention.messageLogs` (src/data/retention.ts). Documents written before the key moved to
 * `_id` keep an ObjectId and `platformMessageId`, which stays unique.
 */
const messageLogSchema = new Schema(
  {
    _id: { type: String, required: true },
    platformMessageId: { type: String, required: true, unique: true },
    direction: { type: String, enum: ['in', 'out'], required: true },
    chatId: { type: String, required: true },
    roomId: String,
    contactId: String,
    personId: { type: Schema.Types.ObjectId, ref: 'Person' },
    type: { type: String, default: 'text' },
    text: String,
    ticketNumber: String,
    at: { type: Date, required: true, index: true },
  },
  { timestamps: true },
);
messageLogSchema.index({ chatId: 1, at: -1 });

export type MessageLogDoc = InferSchemaType<typeof messageLogSchema>;
export const MessageLog = model('MessageLog', messageLogSchema);
