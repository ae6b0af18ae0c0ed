import { Types, type QueryFilter } from 'mongoose';
import { z } from 'zod';
import { BindingCode, ChatIdentity, Person, Room, Unit, Zone } from '../data/models/index.js';
import type { Actor } from '../domain/actor.js';
import { NotFoundError } from '../domain/errors.js';
import { DEPARTMENTS, ROLES, type Department, type Role } from '../domain/roles.js';
import { inCommunity } from './community-scope.js';
import { objectId } from './schemas.js';
import { parse } from './validate.js';
import { inZones, peopleInZones, roomsInZones } from './zone-scope.js';
import { cachedRead } from '../data/directory-cache.js';

const oid = (id: string) => new Types.ObjectId(id);

/** 13800138000 → 138****8000 */
export function maskPhone(phone: string | null | undefined): string | undefined {
  if (!phone) return undefined;
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

const activeFilter = z.enum(['true', 'false', 'all']).default('true');
const activeCondition = (a: 'true' | 'false' | 'all') => (a === 'all' ? {} : { active: a === 'true' });
const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export const listPeopleQuery = z
  .object({
    role: z.enum(ROLES).optional(),
    department: z.enum(DEPARTMENTS).optional(),
    zone: objectId.optional(),
    q: z.string().trim().min(1).max(60).optional(),
    active: activeFilter,
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();

export const listUnitsQuery = z
  .object({
    zone: objectId.optional(),
    building: z.string().trim().min(1).max(20).optional(),
    state: z.enum(['occupied', 'vacant', 'renovating']).optional(),
    active: activeFilter,
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

export const listSimpleQuery = z
  .object({
    active: activeFilter,
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

export const listCodesQuery = z
  .object({
    purpose: z.enum(['staff', 'room', 'owner']).optional(),
    pending: z.enum(['true', 'false']).optional(),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

/** Roles that see people's full phone numbers (they call them); everyone else sees them masked. */
export const PHONE_READERS = new Set(['admin', 'cs_supervisor', 'front_desk', 'zone_manager']);

/** People, units and the actors they become. */
export class DirectoryService {
  /** The Actor a person acts as: roles, community, zones, department and units. */
  async actorForPerson(personId: string): Promise<Actor> {
    // by bare _id (FerretDB reads one row), kept in memory until the people change
    const p = await cachedRead('people', personId, () => Person.findById(oid(personId)).lean());
    if (!p?.active) throw new NotFoundError('person', { id: personId });
    return {
      kind: 'person',
      personId: String(p._id),
      name: p.name,
      roles: p.roles as Role[],
      communityId: String(p.communityId),
      zoneIds: (p.zoneIds ?? []).map(String),
      department: (p.department as Department | undefined) ?? undefined,
      unitIds: (p.units ?? []).map((u) => String(u.unitId)),
      language: p.language ?? undefined,
    };
  }

  /** The person bound to a chat contact, if any. */
  async actorForContact(platform: string, contactId: string): Promise<Actor | undefined> {
    const identity = await ChatIdentity.findOne({ platform, contactId }).lean();
    if (!identity?.personId) return undefined;
    return this.actorForPerson(String(identity.personId)).catch(() => undefined);
  }

  async listPeople(actor: Actor, query: unknown) {
    const q = parse(listPeopleQuery, query);
    const filter: QueryFilter<unknown> = {
      ...inCommunity(actor),
      ...(await peopleInZones(actor)),
      ...activeCondition(q.active),
    };
    if (q.role) filter.roles = q.role;
    if (q.department) filter.department = q.department;
    if (q.zone) filter.zoneIds = oid(q.zone);
    if (q.q) filter.name = { $regex: escapeRegex(q.q) };
    const [items, total] = await Promise.all([
      Person.find(filter)
        .sort({ name: 1, _id: 1 })
        .skip((q.page - 1) * q.pageSize)
        .limit(q.pageSize)
        .lean(),
      Person.countDocuments(filter),
    ]);
    const revealPhones = actor.kind === 'admin' || PHONE_READERS.has(actor.consoleRole ?? '');
    return {
      items: items.map((p) => ({ ...p, phone: revealPhones ? p.phone : maskPhone(p.phone) })),
      total,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  async listUnits(actor: Actor, query: unknown) {
    const q = parse(listUnitsQuery, query);
    const filter: QueryFilter<unknown> = {
      ...inCommunity(actor),
      ...inZones(actor),
      ...activeCondition(q.active),
    };
    // a zone outside a zone manager's zones finds nothing (both conditions on zoneId hold)
    if (q.zone) filter.$and = [{ zoneId: oid(q.zone) }];
    if (q.building) filter.building = q.building;
    if (q.state) filter.state = q.state;
    const [units, total] = await Promise.all([
      Unit.find(filter)
        .sort({ building: 1, entrance: 1, room: 1 })
        .skip((q.page - 1) * q.pageSize)
        .limit(q.pageSize)
        .lean(),
      Unit.countDocuments(filter),
    ]);
    const residents = await Person.find(
      { 'units.unitId': { $in: units.map((u) => u._id) }, active: true },
      { name: 1, units: 1 },
    ).lean();
    const items = units.map((u) => {
      const of = (relation: string) =>
        residents
          .filter((p) => p.units.some((x) => String(x.unitId) === String(u._id) && x.relation === relation))
          .map((p) => ({ id: String(p._id), name: p.name }));
      return { ...u, owners: of('owner'), tenants: of('tenant'), family: of('family') };
    });
    return { items, total, page: q.page, pageSize: q.pageSize };
  }

  async listZones(actor: Actor, query: unknown) {
    const q = parse(listSimpleQuery, query);
    const filter = { ...inCommunity(actor), ...activeCondition(q.active) };
    const [items, total] = await Promise.all([
      Zone.find(filter)
        .sort({ code: 1 })
        .skip((q.page - 1) * q.pageSize)
        .limit(q.pageSize)
        .lean(),
      Zone.countDocuments(filter),
    ]);
    return { items, total, page: q.page, pageSize: q.pageSize };
  }

  async listRooms(actor: Actor, query: unknown) {
    const q = parse(listSimpleQuery, query);
    const filter = { ...inCommunity(actor), ...roomsInZones(actor), ...activeCondition(q.active) };
    const [items, total] = await Promise.all([
      Room.find(filter)
        .sort({ topic: 1, _id: 1 })
        .skip((q.page - 1) * q.pageSize)
        .limit(q.pageSize)
        .lean(),
      Room.countDocuments(filter),
    ]);
    return { items, total, page: q.page, pageSize: q.pageSize };
  }

  /** Binding codes, newest first; an owner's pending claim shows the name and a masked phone. */
  async listBindingCodes(actor: Actor, query: unknown) {
    const q = parse(listCodesQuery, query);
    const filter: QueryFilter<unknown> = { ...inCommunity(actor), ...inZones(actor) };
    if (q.purpose) filter.purpose = q.purpose;
    if (q.pending === 'true') filter.usedAt = null;
    if (q.pending === 'false') filter.usedAt = { $ne: null };
    const [items, total] = await Promise.all([
      BindingCode.find(filter)
        .sort({ createdAt: -1, _id: -1 })
        .skip((q.page - 1) * q.pageSize)
        .limit(q.pageSize)
        .lean(),
      BindingCode.countDocuments(filter),
    ]);
    return {
      items: items.map((c) => ({
        ...c,
        claim: c.claim ? { ...c.claim, phone: maskPhone(c.claim.phone) } : undefined,
      })),
      total,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  async zonesOf(communityId: string) {
    return Zone.find({ communityId: oid(communityId) })
      .sort({ code: 1 })
      .lean();
  }
}
