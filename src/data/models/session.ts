import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * A console sign-in. `_id` is the SHA-256 of the cookie's secret (the secret itself is never
 * stored), so a lookup is by `_id`, which FerretDB answers from its primary key.
 */
const sessionSchema = new Schema(
  {
    _id: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, ref: 'ConsoleUser', required: true, index: true },
    csrfToken: { type: String, required: true },
    createdAt: { type: Date, required: true },
    lastSeenAt: { type: Date, required: true },
    /** Checked on every request; expired rows are swept at each sign-in (FerretDB v1 has no TTL indexes). */
    expiresAt: { type: Date, required: true },
    address: String,
    userAgent: String,
  },
  { versionKey: false },
);

export type SessionDoc = InferSchemaType<typeof sessionSchema>;
export const Session = model('Session', sessionSchema);
