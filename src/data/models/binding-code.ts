import { Schema, model, type InferSchemaType } from 'mongoose';
import { DEPARTMENTS } from '../../domain/roles.js';

/** One-time codes: staff binding (工号绑定), room registration (绑定本群), owner approval. */
const bindingCodeSchema = new Schema(
  {
    code: { type: String, required: true, unique: true },
    purpose: { type: String, enum: ['staff', 'room', 'owner'], required: true },
    communityId: { type: Schema.Types.ObjectId, ref: 'Community', required: true },
    personId: { type: Schema.Types.ObjectId, ref: 'Person' },
    roomPurpose: { type: String, enum: ['owners', 'staff', 'department'] },
    zoneId: { type: Schema.Types.ObjectId, ref: 'Zone' },
    department: { type: String, enum: DEPARTMENTS },
    /** An owner's binding request awaiting the zone manager (purpose 'owner'). */
    claim: new Schema(
      {
        platform: String,
        contactId: String,
        displayName: String,
        unitId: { type: Schema.Types.ObjectId, ref: 'Unit' },
        name: String,
        phone: String,
      },
      { _id: false },
    ),
    decision: { type: String, enum: ['approved', 'rejected'] },
    createdBy: String,
    expiresAt: { type: Date, required: true },
    usedAt: Date,
    usedBy: String,
  },
  { timestamps: true },
);

export type BindingCodeDoc = InferSchemaType<typeof bindingCodeSchema>;
export const BindingCode = model('BindingCode', bindingCodeSchema);
