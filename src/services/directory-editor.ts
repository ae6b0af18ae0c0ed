import { Types } from 'mongoose';
import { z } from 'zod';
import { LANGUAGES } from '../config/schema.js';
import { Person, Room, Unit, Zone } from '../data/models/index.js';
import type { Actor } from '../domain/actor.js';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.js';
import { DEPARTMENTS, RELATIONS, ROLES, UNIT_STATES, type Role } from '../domain/roles.js';
import { personIssues } from '../domain/person-rules.js';
import { communityFor, inCommunity } from './community-scope.js';
import { objectId, phone } from './schemas.js';
import { parse } from './validate.js';

const oid = (id: string) => new Types.ObjectId(id);
const text = (max: number) => z.string().trim().min(1).max(max);

export const personInput = z
  .object({
    communityId: objectId.optional(),
    name: text(60),
    phone: phone.optional(),
    roles: z.array(z.enum(ROLES)).min(1).max(10),
    department: z.enum(DEPARTMENTS).optional(),
    skills: z.array(text(30)).max(20).default([]),
    zoneIds: z.array(objectId).max(50).default([]),
    units: z
      .array(z.object({ unitId: objectId, relation: z.enum(RELATIONS) }).strict())
      .max(20)
      .default([]),
    language: z.enum(LANGUAGES).optional(),
  })
  .strict();
export const personPatch = personInput.omit({ communityId: true }).partial().strict();

export const unitInput = z
  .object({
    communityId: objectId.optional(),
    zoneId: objectId,
    building: text(20),
    entrance: text(20),
    room: text(20),
    state: z.enum(UNIT_STATES).default('occupied'),
    area: z.number().positive().max(10_000).optional(),
  })
  .strict();
export const unitPatch = unitInput.omit({ communityId: true }).partial().strict();

export const zoneInput = z
  .object({
    communityId: objectId.optional(),
    code: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_-]{1,20}$/, '1–20 letters, digits, _ or -'),
    name: text(40),
    buildings: z.array(text(20)).max(200).default([]),
  })
  .strict();
export const zonePatch = zoneInput.omit({ communityId: true, code: true }).partial().strict();

export const roomInput = z
  .object({
    communityId: objectId.optional(),
    platform: z.string().trim().min(1).max(20).default('wechat'),
    platformRoomId: text(120),
    topic: text(60),
    purpose: z.enum(['owners', 'staff', 'department']),
    zoneId: objectId.optional(),
    department: z.enum(DEPARTMENTS).optional(),
  })
  .strict();
export const roomPatch = roomInput
  .omit({ communityId: true, platform: true, platformRoomId: true })
  .partial()
  .strict();

export const idParams = z.object({ id: objectId });

const duplicate = (err: unknown) => (err as { code?: number }).code === 11000;

/**
 * Create, edit and deactivate people, units, zones and rooms, inside the actor's community.
 * Nothing is deleted: deactivated records keep the history of the tickets that name them.
 */
export class DirectoryEditor {
  /** Every zone and unit id given must be of the same community. */
  private async checkRefs(community: Types.ObjectId, refs: { zoneIds?: string[]; unitIds?: string[] }) {
    const zoneIds = [...new Set(refs.zoneIds ?? [])];
    const unitIds = [...new Set(refs.unitIds ?? [])];
    if (zoneIds.length) {
      const found = await Zone.countDocuments({ _id: { $in: zoneIds.map(oid) }, communityId: community });
      if (found !== zoneIds.length) throw new ValidationError(['zoneIds: unknown zone']);
    }
    if (unitIds.length) {
      const found = await Unit.countDocuments({ _id: { $in: unitIds.map(oid) }, communityId: community });
      if (found !== unitIds.length) throw new ValidationError(['units: unknown unit']);
    }
  }

  private async own<T>(
    model: { findOne(f: object): { lean(): Promise<T | null> } },
    actor: Actor,
    id: string,
  ) {
    const doc = await model.findOne({ _id: oid(id), ...inCommunity(actor) }).lean();
    if (!doc) throw new NotFoundError('record', { id });
    return doc as T & { _id: Types.ObjectId; communityId: Types.ObjectId };
  }

  // ── people ──
  async createPerson(actor: Actor, input: unknown) {
    const p = parse(personInput, input);
    const issues = personIssues(p);
    if (issues.length) throw new ValidationError(issues);
    const communityId = await communityFor(actor, p.communityId);
    await this.checkRefs(communityId, { zoneIds: p.zoneIds, unitIds: p.units.map((u) => u.unitId) });
    if (p.phone && (await Person.exists({ communityId, phone: p.phone, active: true })))
      throw new ConflictError('phone_taken');
    const doc = await Person.create({
      ...p,
      communityId,
      zoneIds: p.zoneIds.map(oid),
      units: p.units.map((u) => ({ unitId: oid(u.unitId), relation: u.relation })),
    });
    return doc.toObject();
  }

  async updatePerson(actor: Actor, id: string, input: unknown) {
    const p = parse(personPatch, input);
    const person = await this.own<{ phone?: string; roles: Role[]; department?: string }>(Person, actor, id);
    const issues = personIssues({ ...person, ...p });
    if (issues.length) throw new ValidationError(issues);
    await this.checkRefs(person.communityId, { zoneIds: p.zoneIds, unitIds: p.units?.map((u) => u.unitId) });
    if (
      p.phone &&
      p.phone !== person.phone &&
      (await Person.exists({ communityId: person.communityId, phone: p.phone, active: true }))
    )
      throw new ConflictError('phone_taken');
    const set: Record<string, unknown> = { ...p };
    if (p.zoneIds) set.zoneIds = p.zoneIds.map(oid);
    if (p.units) set.units = p.units.map((u) => ({ unitId: oid(u.unitId), relation: u.relation }));
    return Person.findOneAndUpdate({ _id: person._id }, { $set: set }, { new: true }).lean();
  }

  // ── units ──
  async createUnit(actor: Actor, input: unknown) {
    const u = parse(unitInput, input);
    const communityId = await communityFor(actor, u.communityId);
    await this.checkRefs(communityId, { zoneIds: [u.zoneId] });
    try {
      return (await Unit.create({ ...u, communityId, zoneId: oid(u.zoneId) })).toObject();
    } catch (err) {
      if (duplicate(err)) throw new ConflictError('unit_exists');
      throw err;
    }
  }

  async updateUnit(actor: Actor, id: string, input: unknown) {
    const u = parse(unitPatch, input);
    const unit = await this.own(Unit, actor, id);
    if (u.zoneId) await this.checkRefs(unit.communityId, { zoneIds: [u.zoneId] });
    try {
      return await Unit.findOneAndUpdate(
        { _id: unit._id },
        { $set: { ...u, ...(u.zoneId ? { zoneId: oid(u.zoneId) } : {}) } },
        { new: true },
      ).lean();
    } catch (err) {
      if (duplicate(err)) throw new ConflictError('unit_exists');
      throw err;
    }
  }

  // ── zones ──
  async createZone(actor: Actor, input: unknown) {
    const z0 = parse(zoneInput, input);
    const communityId = await communityFor(actor, z0.communityId);
    try {
      return (await Zone.create({ ...z0, communityId })).toObject();
    } catch (err) {
      if (duplicate(err)) throw new ConflictError('zone_exists');
      throw err;
    }
  }

  async updateZone(actor: Actor, id: string, input: unknown) {
    const z0 = parse(zonePatch, input);
    const zone = await this.own(Zone, actor, id);
    return Zone.findOneAndUpdate({ _id: zone._id }, { $set: z0 }, { new: true }).lean();
  }

  // ── rooms ──
  async createRoom(actor: Actor, input: unknown) {
    const r = parse(roomInput, input);
    const communityId = await communityFor(actor, r.communityId);
    this.checkRoom(r);
    if (r.zoneId) await this.checkRefs(communityId, { zoneIds: [r.zoneId] });
    try {
      return (
        await Room.create({ ...r, communityId, zoneId: r.zoneId ? oid(r.zoneId) : undefined })
      ).toObject();
    } catch (err) {
      if (duplicate(err)) throw new ConflictError('room_exists');
      throw err;
    }
  }

  async updateRoom(actor: Actor, id: string, input: unknown) {
    const r = parse(roomPatch, input);
    const room = await this.own<{ purpose: string; zoneId?: unknown; department?: string }>(Room, actor, id);
    this.checkRoom({
      purpose: r.purpose ?? room.purpose,
      zoneId: r.zoneId ?? (room.zoneId ? String(room.zoneId) : undefined),
      department: r.department ?? room.department,
    });
    if (r.zoneId) await this.checkRefs(room.communityId, { zoneIds: [r.zoneId] });
    return Room.findOneAndUpdate(
      { _id: room._id },
      { $set: { ...r, ...(r.zoneId ? { zoneId: oid(r.zoneId) } : {}) } },
      { new: true },
    ).lean();
  }

  private checkRoom(r: { purpose: string; zoneId?: string; department?: string }) {
    if (r.purpose === 'owners' && !r.zoneId)
      throw new ValidationError(['zoneId: required for an owners group']);
    if (r.purpose === 'department' && !r.department)
      throw new ValidationError(['department: required for a department group']);
  }

  /** Deactivates (or reactivates) a person, unit, zone or room of the actor's community. */
  async setActive(actor: Actor, kind: 'people' | 'units' | 'zones' | 'rooms', id: string, active: boolean) {
    const model = { people: Person, units: Unit, zones: Zone, rooms: Room }[kind] as typeof Zone;
    const doc = await this.own(model, actor, id);
    return model.findOneAndUpdate({ _id: doc._id }, { $set: { active } }, { new: true }).lean();
  }
}
