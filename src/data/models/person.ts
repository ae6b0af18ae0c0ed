import { Schema, model, type InferSchemaType } from 'mongoose';
import { LANGUAGES } from '../../config/schema.js';
import { DEPARTMENTS, RELATIONS, ROLES } from '../../domain/roles.js';
import { directoryCache } from '../directory-cache.js';

/** Anyone the desk knows: residents and every kind of staff. */
const personSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, ref: 'Community', required: true },
    name: { type: String, required: true },
    phone: { type: String, index: true },
    roles: { type: [{ type: String, enum: ROLES }], default: [] },
    department: { type: String, enum: DEPARTMENTS },
    skills: { type: [String], default: [] },
    zoneIds: [{ type: Schema.Types.ObjectId, ref: 'Zone' }],
    units: {
      type: [
        new Schema(
          {
            unitId: { type: Schema.Types.ObjectId, ref: 'Unit', required: true },
            relation: { type: String, enum: RELATIONS, required: true },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    language: { type: String, enum: LANGUAGES },
    active: { type: Boolean, default: true },
  },
  { timestamps: true },
);
personSchema.index({ communityId: 1, roles: 1 });
personSchema.index({ 'units.unitId': 1 });
personSchema.index({ communityId: 1, phone: 1 });

export type PersonDoc = InferSchemaType<typeof personSchema>;
personSchema.plugin(directoryCache('people'));
export const Person = model('Person', personSchema);
