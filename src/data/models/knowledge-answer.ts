import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * One answer of the property's knowledge base (office hours, fees, renovation rules…): a topic,
 * example questions owners ask, and the answer the bot gives at once.
 */
const knowledgeAnswerSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true, index: true },
    topic: { type: String, required: true },
    questions: { type: [String], default: [] },
    answer: { type: String, required: true },
    active: { type: Boolean, default: true },
    updatedBy: { type: String },
  },
  { timestamps: true },
);
knowledgeAnswerSchema.index({ communityId: 1, topic: 1 }, { unique: true });

export type KnowledgeAnswerDoc = InferSchemaType<typeof knowledgeAnswerSchema>;
export const KnowledgeAnswer = model('KnowledgeAnswer', knowledgeAnswerSchema);
