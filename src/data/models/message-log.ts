import { Schema, model, type InferSchemaType } from 'mongoose';

/** Every message in and out, unique on the platform message id (a redelivery is a duplicate). */
const messageLogSchema = new Schema(
  {
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
