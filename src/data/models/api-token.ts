import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * An API token for an integration, acting as a console user. `_id` is the SHA-256 of the token
 * (hashed at rest; the token is shown once, when created); `prefix` lets people tell tokens apart.
 */
const apiTokenSchema = new Schema(
  {
    _id: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, ref: 'ConsoleUser', required: true, index: true },
    name: { type: String, required: true },
    prefix: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: Date,
    revokedAt: Date,
    lastUsedAt: Date,
  },
  { versionKey: false },
);

export type ApiTokenDoc = InferSchemaType<typeof apiTokenSchema>;
export const ApiToken = model('ApiToken', apiTokenSchema);
