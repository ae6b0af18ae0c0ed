import { Schema, model, type InferSchemaType } from 'mongoose';
import { LANGUAGES } from '../../config/schema.js';
import { CONSOLE_ROLES } from '../../domain/console-roles.js';

/**
 * A person who may sign in to the web console. Chat identities have no console access until an
 * admin creates one of these (optionally linked to the Person they are).
 */
const consoleUserSchema = new Schema(
  {
    username: { type: String, required: true, unique: true },
    displayName: { type: String, required: true },
    passwordHash: { type: String, required: true },
    role: { type: String, enum: CONSOLE_ROLES, required: true },
    /** Required for every role but admin (an admin without one sees every community). */
    communityId: { type: Schema.Types.ObjectId, ref: 'Community' },
    /** Zone managers: the zones they manage. */
    zoneIds: [{ type: Schema.Types.ObjectId, ref: 'Zone' }],
    personId: { type: Schema.Types.ObjectId, ref: 'Person' },
    language: { type: String, enum: LANGUAGES },
    active: { type: Boolean, default: true },
    lastLoginAt: Date,
  },
  { timestamps: true },
);

export type ConsoleUserDoc = InferSchemaType<typeof consoleUserSchema>;
export const ConsoleUser = model('ConsoleUser', consoleUserSchema);
