import { Types } from 'mongoose';
import { z } from 'zod';
import type { Config } from '../config/schema.js';
import {
  BuildingMeeting,
  KeyCustomer,
  Unit,
  unitLabel,
  Visit,
  VisitPlan,
  Zone,
} from '../data/models/index.js';
import { hasRole, type Actor } from '../domain/actor.js';
import { ForbiddenError, NotFoundError } from '../domain/errors.js';
import { periodsOf } from '../patrols/periods.js';
import { zoneFilter, zoneOf, zonesVisible } from '../patrols/scope.js';
import { monthSchema } from '../reports/zone-ranking.js';
import { objectId } from '../services/schemas.js';
import type { TicketService } from '../services/ticket-service.js';
import { parse } from '../services/validate.js';
import { issueTicket } from './issue-ticket.js';
import { lastMonths, meetingPeriod, pickKeyCustomers, pickSupervisorVisits } from './cadence.js';
import type { VISIT_ROLES } from './models.js';
import { VISIT_METHODS, visitIdFor, type VisitDoc, type VisitPlanDoc } from './models.js';
import { isDuplicateKey } from '../data/errors.js';
import type { UnitAddress } from '../chat/text/unit-address.js';
import { DEPARTMENTS } from '../domain/roles.js';
import type { UnitDoc } from '../data/models/unit.js';

export const visitInput = z
  .object({
    unitId: objectId,
    method: z.enum(VISIT_METHODS),
    notes: z.string().trim().max(2000).optional(),
    /** What the household raised; each with `ticket: true` becomes a ticket on the unit. */
    issues: z
      .array(
        z
          .object({
            text: z.string().trim().min(1).max(500),
            ticket: z.boolean().default(true),
            /** Default: read from the text like an owner's report (suggestion when it reads as none). */
            kind: z.enum(['repair', 'complaint', 'help', 'inquiry', 'suggestion']).optional(),
            /** The department to route to (default: by kind). */
            department: z.enum(DEPARTMENTS).optional(),
            /** A public place ("3栋楼道"): the ticket is for it, in the unit's zone, not for the unit. */
            location: z.string().trim().min(1).max(200).optional(),
          })
          .strict(),
      )
      .max(10)
      .default([]),
    /** Idempotency: the same key records one visit (a chat flow finishing twice, an API retry). */
    sourceKey: z.string().min(1).max(200).optional(),
  })
  .strict();

export const visitListQuery = z.object({ month: monthSchema.optional(), zone: objectId.optional() }).strict();
export const monthQuery = z.object({ month: monthSchema.optional() }).strict();
export const keyCustomerInput = z.object({ key: z.boolean() }).strict();
export const meetingInput = z
  .object({
    zoneId: objectId,
    building: z.string().trim().min(1).max(20),
    attendees: z.number().int().min(0).max(10_000).optional(),
    notes: z.string().trim().max(2000).optional(),
  })
  .strict();

type UnitRow = Pick<UnitDoc, 'building' | 'entrance' | 'room' | 'state' | 'active'> & {
  _id: Types.ObjectId;
  zoneId: Types.ObjectId;
};
/** A household the monthly visits count: an active unit someone lives in (not vacant). */
const isHousehold = (u: Pick<UnitDoc, 'state' | 'active'>) => u.active !== false && u.state !== 'vacant';

/** A stored plan with its lists always present (an empty array may come back as a missing field). */
const planView = (p: VisitPlanDoc) => ({
  households: p.households,
  keyUnitIds: p.keyUnitIds ?? [],
  supervisorUnitIds: p.supervisorUnitIds ?? [],
  meetingBuildings: p.meetingBuildings ?? [],
});

/** How the actor's visits count: the zone's assistant (zone manager) or the supervisor; none for others. */
export function visitRole(actor: Actor): (typeof VISIT_ROLES)[number] | undefined {
  if (hasRole(actor, 'cs_supervisor', 'director') || actor.kind === 'admin') return 'supervisor';
  if (hasRole(actor, 'zone_manager')) return 'assistant';
  return undefined;
}

type Deps = { config: Config; tickets: TicketService; clock?: () => Date };

/**
 * Household visits: records (method, notes, issues → tickets), key customers, building meetings,
 * the monthly plans and the coverage per zone against the cadences in `visits.*`.
 */
export class VisitService {
  constructor(private readonly deps: Deps) {}

  private now = () => (this.deps.clock ?? (() => new Date()))();
  private get cfg() {
    return this.deps.config.visits;
  }
  private month = (m?: string) => m ?? periodsOf(this.now(), this.deps.config.timezone).month;

  private async unitFor(actor: Actor, unitId: string) {
    const unit = await Unit.findById(unitId).lean();
    if (!unit || (actor.communityId && String(unit.communityId) !== actor.communityId))
      throw new NotFoundError('unit', { id: unitId });
    await zoneOf(actor, String(unit.zoneId));
    return unit;
  }

  /** The unit at an address in the actor's community, when the actor works in its zone. */
  async unitAt(actor: Actor, address: UnitAddress) {
    const unit = await Unit.findOne({
      ...(actor.communityId ? { communityId: new Types.ObjectId(actor.communityId) } : {}),
      ...address,
      active: true,
    }).lean();
    if (!unit) throw new NotFoundError('unit', { id: unitLabel(address) });
    await zoneOf(actor, String(unit.zoneId));
    return unit;
  }

  async record(actor: Actor, input: unknown) {
    const d = parse(visitInput, input);
    const role = visitRole(actor);
    if (!role) throw new ForbiddenError();
    const unit = await this.unitFor(actor, d.unitId);
    const _id = d.sourceKey ? visitIdFor(d.sourceKey) : new Types.ObjectId();
    if (d.sourceKey) {
      const done = await Visit.findById(_id).lean();
      if (done) return this.view(done, unit);
    }
    const now = this.now();
    const issues = [];
    for (const [i, issue] of d.issues.entries()) {
      let ticketNumber: string | undefined;
      if (issue.ticket) {
        const read = issue.kind ? undefined : issueTicket(issue.text, unit.building);
        const location = issue.location ?? read?.location;
        const t = await this.deps.tickets.create(actor, {
          communityId: String(unit.communityId),
          kind: issue.kind ?? read!.kind,
          department: issue.department ?? read?.department,
          ...(location
            ? { scope: 'public', location, zoneId: String(unit.zoneId) }
            : { scope: 'in_unit', unitId: d.unitId }),
          reporterId: actor.personId,
          reporterName: actor.name,
          description: issue.text,
          sourceKey: d.sourceKey ? `${d.sourceKey}:issue:${i}` : undefined,
        });
        ticketNumber = t.number;
      }
      issues.push({ text: issue.text, ticketNumber });
    }
    const p = periodsOf(now, this.deps.config.timezone);
    const doc = await Visit.create({
      _id,
      communityId: unit.communityId,
      zoneId: unit.zoneId,
      unitId: unit._id,
      building: unit.building,
      month: p.month,
      year: p.month.slice(0, 4),
      at: now,
      byId: actor.personId ? new Types.ObjectId(actor.personId) : undefined,
      byName: actor.name,
      role,
      method: d.method,
      notes: d.notes,
      issues,
      keyCustomer: Boolean(await KeyCustomer.exists({ _id: d.unitId })),
      sourceKey: d.sourceKey,
    }).catch(async (err) => {
      // the same visit finished twice at once: the first one stands
      const first = isDuplicateKey(err) ? await Visit.findById(_id).lean() : null;
      if (!first) throw err;
      return first;
    });
    return this.view('toObject' in doc ? doc.toObject() : doc, unit);
  }

  private view(
    v: Pick<VisitDoc, 'role' | 'method' | 'at' | 'keyCustomer'> & {
      _id: unknown;
      issues: Array<{ text: string; ticketNumber?: string | null }>;
    },
    unit: { building: string; entrance: string; room: string },
  ) {
    return {
      id: String(v._id),
      unit: unitLabel(unit),
      role: v.role,
      method: v.method,
      at: v.at,
      keyCustomer: v.keyCustomer,
      issues: v.issues.map((i) => ({ text: i.text, ticketNumber: i.ticketNumber ?? undefined })),
    };
  }

  async list(actor: Actor, query: unknown) {
    const q = parse(visitListQuery, query);
    const filter: Record<string, unknown> = { ...zoneFilter(actor), month: this.month(q.month) };
    if (q.zone) {
      await zoneOf(actor, q.zone);
      filter.zoneId = new Types.ObjectId(q.zone);
    }
    const rows = await Visit.find(filter).sort({ at: -1 }).limit(1000).lean();
    const units = await Unit.find({ _id: { $in: rows.map((r) => r.unitId) } }).lean();
    return {
      items: rows.map((v) => ({
        id: String(v._id),
        zoneId: String(v.zoneId),
        unit: unitLabel(
          units.find((u) => String(u._id) === String(v.unitId)) ?? {
            building: v.building,
            entrance: '?',
            room: '?',
          },
        ),
        at: v.at,
        byName: v.byName ?? undefined,
        role: v.role,
        method: v.method,
        notes: v.notes ?? undefined,
        keyCustomer: v.keyCustomer,
        issues: v.issues.map((i) => ({ text: i.text, ticketNumber: i.ticketNumber ?? undefined })),
      })),
    };
  }

  async setKeyCustomer(actor: Actor, unitId: string, input: unknown) {
    parse(objectId, unitId);
    const d = parse(keyCustomerInput, input);
    const unit = await this.unitFor(actor, unitId);
    if (d.key)
      await KeyCustomer.updateOne(
        { unitId },
        { $set: { communityId: unit.communityId, zoneId: unit.zoneId } },
        { upsert: true },
      );
    else await KeyCustomer.deleteOne({ unitId });
    return { unitId, unit: unitLabel(unit), key: d.key };
  }

  async recordMeeting(actor: Actor, input: unknown) {
    const d = parse(meetingInput, input);
    const zone = await zoneOf(actor, d.zoneId);
    if (!(await Unit.exists({ zoneId: zone._id, building: d.building })))
      throw new NotFoundError('building', { building: d.building });
    const now = this.now();
    const period = meetingPeriod(
      periodsOf(now, this.deps.config.timezone).month,
      this.cfg.buildingMeetingEveryMonths,
    );
    const doc = await BuildingMeeting.create({
      communityId: zone.communityId,
      zoneId: zone._id,
      building: d.building,
      period,
      at: now,
      byName: actor.name,
      attendees: d.attendees,
      notes: d.notes,
    });
    return { id: String(doc._id), zoneId: d.zoneId, building: d.building, period, at: now };
  }

  /**
   * The zone's plan for the month, made once (natural id `zoneId:month`) and then read back.
   * `units`: the zone's units when the caller has read them already (every zone's in one read).
   */
  async planFor(
    zone: { _id: Types.ObjectId; communityId: Types.ObjectId },
    month: string,
    units?: UnitRow[],
  ) {
    const zoneId = String(zone._id);
    const existing = await VisitPlan.findOne({ zoneId, month }).lean();
    if (existing) return planView(existing);
    const year = month.slice(0, 4);
    const households = (units ?? (await Unit.find({ zoneId: zone._id }).lean())).filter(isHousehold);
    const keys = await KeyCustomer.find({ zoneId: zone._id }).lean();
    const cycle = lastMonths(month, this.cfg.keyCustomerCycleMonths);
    const past = await Visit.find(
      { zoneId: zone._id, $or: [{ year }, { month: { $in: cycle } }] },
      { unitId: 1, month: 1, role: 1, year: 1 },
    ).lean();
    const lastVisit = (unitId: string) =>
      past
        .filter((v) => String(v.unitId) === unitId)
        .map((v) => v.month)
        .sort()
        .at(-1) ?? null;
    const keyUnitIds = pickKeyCustomers(
      keys.map((k) => ({ unitId: k.unitId, lastVisit: lastVisit(k.unitId) })),
      this.cfg.keyCustomerShare,
      this.cfg.keyCustomerCycleMonths,
    );
    const bySupervisor = new Set(
      past.filter((v) => v.role === 'supervisor' && v.year === year).map((v) => String(v.unitId)),
    );
    const supervisorUnitIds = this.cfg.supervisorPerYearMin
      ? pickSupervisorVisits(
          households.map((u) => String(u._id)).filter((id) => !bySupervisor.has(id)),
          month,
        )
      : [];
    const period = meetingPeriod(month, this.cfg.buildingMeetingEveryMonths);
    const met = await BuildingMeeting.find({ zoneId: zone._id, period }, { building: 1 }).lean();
    const buildings = [...new Set(households.map((u) => u.building))].sort();
    const plan = {
      communityId: zone.communityId,
      households: households.length,
      keyUnitIds,
      supervisorUnitIds,
      meetingBuildings: buildings.filter((b) => !met.some((m) => m.building === b)),
    };
    await VisitPlan.updateOne({ zoneId, month }, { $setOnInsert: plan }, { upsert: true });
    return planView((await VisitPlan.findOne({ zoneId, month }).lean())!);
  }

  /** The units of these zones, in one read, by zone. */
  private async unitsByZone(zoneIds: Types.ObjectId[]) {
    const rows = await Unit.find(
      { zoneId: { $in: zoneIds } },
      { zoneId: 1, building: 1, entrance: 1, room: 1, state: 1, active: 1 },
    ).lean();
    const byZone = new Map<string, UnitRow[]>(zoneIds.map((id) => [String(id), []]));
    for (const u of rows) byZone.get(String(u.zoneId))?.push(u);
    return byZone;
  }

  async plans(actor: Actor, query: unknown) {
    const month = this.month(parse(monthQuery, query).month);
    const zones = await Zone.find(zonesVisible(actor)).sort({ code: 1 }).lean();
    const unitsByZone = await this.unitsByZone(zones.map((z) => z._id));
    const out = [];
    for (const z of zones) {
      const units = unitsByZone.get(String(z._id)) ?? [];
      const plan = await this.planFor(z, month, units);
      const labels = new Map(units.map((u) => [String(u._id), unitLabel(u)]));
      const label = (id: string) => labels.get(id) ?? id;
      out.push({
        zoneId: String(z._id),
        zone: z.name,
        month,
        households: plan.households,
        keyCustomers: plan.keyUnitIds.map(label),
        supervisorVisits: plan.supervisorUnitIds.map(label),
        meetingBuildings: plan.meetingBuildings,
      });
    }
    return { month, dueDay: this.cfg.dueDay, zones: out };
  }

  /**
   * What is left this month for the actor: for the zone's assistant, the households of their
   * zones not visited yet this month; for the supervisor, this month's planned households not
   * visited by a supervisor yet this year.
   */
  async remaining(actor: Actor, query: unknown) {
    const month = this.month(parse(monthQuery, query).month);
    const role = visitRole(actor);
    if (!role) throw new ForbiddenError();
    const zones = await Zone.find(zonesVisible(actor)).sort({ code: 1 }).lean();
    const unitsByZone = await this.unitsByZone(zones.map((z) => z._id));
    const out = [];
    for (const z of zones) out.push(await this.zoneRemaining(z, month, role, unitsByZone.get(String(z._id))));
    return { month, dueDay: this.cfg.dueDay, role, zones: out };
  }

  /** One zone's households still to visit this month by `role` (key customers flagged), by address. */
  async zoneRemaining(
    zone: { _id: Types.ObjectId; communityId: Types.ObjectId; name: string },
    month: string,
    role: (typeof VISIT_ROLES)[number] = 'assistant',
    units?: UnitRow[],
  ) {
    const all = units ?? (await Unit.find({ zoneId: zone._id }).lean());
    const households = all.filter(isHousehold);
    let due: UnitRow[] = households;
    let filter: Record<string, unknown> = { zoneId: zone._id, month, role };
    if (role === 'supervisor') {
      const planned = new Set((await this.planFor(zone, month, all)).supervisorUnitIds);
      due = households.filter((u) => planned.has(String(u._id)));
      filter = { zoneId: zone._id, year: month.slice(0, 4), role };
    }
    const visited = new Set((await Visit.find(filter, { unitId: 1 }).lean()).map((v) => String(v.unitId)));
    const keys = new Set((await KeyCustomer.find({ zoneId: zone._id }).lean()).map((k) => k.unitId));
    const left = due
      .filter((u) => !visited.has(String(u._id)))
      .map((u) => ({ unitId: String(u._id), unit: unitLabel(u), key: keys.has(String(u._id)) }))
      .sort((a, b) => Number(b.key) - Number(a.key) || a.unit.localeCompare(b.unit, 'en', { numeric: true }));
    return {
      zoneId: String(zone._id),
      zone: zone.name,
      due: due.length,
      visited: due.length - left.length,
      remaining: left,
    };
  }

  /** Coverage per zone the actor works in, against every cadence. */
  async coverage(actor: Actor, query: unknown) {
    const month = this.month(parse(monthQuery, query).month);
    const zones = await Zone.find(zonesVisible(actor)).sort({ code: 1 }).lean();
    const unitsByZone = await this.unitsByZone(zones.map((z) => z._id));
    return {
      month,
      dueDay: this.cfg.dueDay,
      zones: await Promise.all(zones.map((z) => this.zoneCoverage(z, month, unitsByZone.get(String(z._id))))),
    };
  }

  /** One zone's coverage; `units`: the zone's units when the caller has read them already. */
  async zoneCoverage(zone: { _id: Types.ObjectId; name: string }, month: string, units?: UnitRow[]) {
    const cfg = this.cfg;
    const year = month.slice(0, 4);
    const cycle = lastMonths(month, cfg.keyCustomerCycleMonths);
    const households = (units ?? (await Unit.find({ zoneId: zone._id }).lean())).filter(isHousehold);
    const ids = new Set(households.map((u) => String(u._id)));
    const keys = (await KeyCustomer.find({ zoneId: zone._id }).lean()).map((k) => k.unitId);
    const visits = await Visit.find(
      { zoneId: zone._id, $or: [{ year }, { month: { $in: cycle } }] },
      { unitId: 1, month: 1, role: 1, year: 1 },
    ).lean();
    const distinct = (f: (v: (typeof visits)[number]) => boolean) =>
      new Set(
        visits
          .filter(f)
          .map((v) => String(v.unitId))
          .filter((id) => ids.has(id) || keys.includes(id)),
      );
    const assistant = distinct((v) => v.role === 'assistant' && v.month === month);
    const supervisor = distinct((v) => v.role === 'supervisor' && v.year === year);
    const keyThisMonth = keys.filter((k) => distinct((v) => v.month === month).has(k));
    const keyInCycle = keys.filter((k) => distinct((v) => cycle.includes(v.month)).has(k));
    const period = meetingPeriod(month, cfg.buildingMeetingEveryMonths);
    const buildings = [...new Set(households.map((u) => u.building))].sort();
    const met = new Set(
      (await BuildingMeeting.find({ zoneId: zone._id, period }, { building: 1 }).lean()).map(
        (m) => m.building,
      ),
    );
    const rate = (n: number, of: number) => (of ? Math.round((n / of) * 1000) / 1000 : null);
    return {
      zoneId: String(zone._id),
      zone: zone.name,
      households: ids.size,
      visitedThisMonth: assistant.size,
      monthlyRate: rate(assistant.size, ids.size),
      keyCustomers: keys.length,
      keyVisitedThisMonth: keyThisMonth.length,
      keyMonthlyShare: rate(keyThisMonth.length, keys.length),
      keyShareTarget: cfg.keyCustomerShare,
      keyCoveredInCycle: keyInCycle.length,
      keyCycleMonths: cfg.keyCustomerCycleMonths,
      supervisorVisitedThisYear: supervisor.size,
      supervisorYearlyRate: rate(supervisor.size, ids.size),
      meetingPeriod: period,
      buildings: buildings.length,
      buildingsMet: buildings.filter((b) => met.has(b)).length,
      onTrack:
        assistant.size >= ids.size * Math.min(cfg.assistantPerMonth, 1) &&
        keyThisMonth.length >= Math.ceil(keys.length * cfg.keyCustomerShare),
    };
  }
}
