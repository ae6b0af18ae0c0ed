import { Schema, model, type InferSchemaType } from 'mongoose';

/** A community (小区/项目) run by one management office (管理处). */
const communitySchema = new Schema(
  {
    code: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    address: String,
    phone: String,
    active: { type: Boolean, default: true },
  },
  { timestamps: true },
);

export type CommunityDoc = InferSchemaType<typeof communitySchema>;
export const Community = model('Community', communitySchema);
