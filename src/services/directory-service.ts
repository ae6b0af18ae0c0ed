import { Types, type QueryFilter } from 'mongoose';
import { z } from 'zod';
import { ChatIdentity, Person, Unit, Zone } from '../data/models/index.js';
import type { Actor } from '../domain/actor.js';
import { NotFoundError } from '../domain/errors.js';
import { DEPARTMENTS, ROLES, type Department, type Role } from '../domain/roles.js';
import { objectId } from './schemas.js';
import { parse } from './validate.js';

const oid = (id: string) => new Types.ObjectId(id);

/** 13800138000 → 138****8000 */
export function maskPhone(phone: string | null | undefined): string | undefined {
  if (!phone) return undefined;
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

export const listPeopleQuery = z
  .object({
    role: z.enum(ROLES).optional(),
    department: z.enum(DEPARTMENTS).optional(),
    zone: objectId.optional(),
    q: z.string().trim().min(1).max(60).optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();

export const listUnitsQuery = z
  .object({
    zone: objectId.optional(),
    building: z.string().trim().min(1).max(20).optional(),
    state: z.enum(['occupied', 'vacant', 'renovating']).optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

/** People, units and the actors they become. */
export class DirectoryService {
  /** The Actor a person acts as: roles, community, zones, department and units. */
  async actorForPerson(personId: string): Promise<Actor> {
    const p = await Person.findOne({ _id: oid(personId), active: true }).lean();
    if (!p) throw new NotFoundError('person', { id: personId });
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

  private communityFilter(actor: Actor): QueryFilter<unknown> {
    if (actor.kind === 'admin' || actor.kind === 'system') return {};
    return actor.communityId ? { communityId: oid(actor.communityId) } : { _id: null };
  }

  async listPeople(actor: Actor, query: unknown) {
    const q = parse(listPeopleQuery, query);
    const filter: QueryFilter<unknown> = { ...this.communityFilter(actor), active: true };
    if (q.role) filter.roles = q.role;
    if (q.department) filter.department = q.department;
    if (q.zone) filter.zoneIds = oid(q.zone);
    if (q.q) filter.name = { $regex: q.q.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') };
    const [items, total] = await Promise.all([
      Person.find(filter)
        .sort({ name: 1, _id: 1 })
        .skip((q.page - 1) * q.pageSize)
        .limit(q.pageSize)
        .lean(),
      Person.countDocuments(filter),
    ]);
    const revealPhones = actor.kind === 'admin';
    return {
      items: items.map((p) => ({ ...p, phone: revealPhones ? p.phone : maskPhone(p.phone) })),
      total,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  async listUnits(actor: Actor, query: unknown) {
    const q = parse(listUnitsQuery, query);
    const filter: QueryFilter<unknown> = { ...this.communityFilter(actor), active: true };
    if (q.zone) filter.zoneId = oid(q.zone);
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

  async zonesOf(communityId: string) {
    return Zone.find({ communityId: oid(communityId) })
      .sort({ code: 1 })
      .lean();
  }
}
