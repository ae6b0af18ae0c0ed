import { Types } from 'mongoose';
import { z } from 'zod';
import type { Config } from '../config/schema.js';
import { Unit, unitLabel, VacantInspection } from '../data/models/index.js';
import type { Actor } from '../domain/actor.js';
import { ConflictError, NotFoundError } from '../domain/errors.js';
import { translator } from '../i18n.js';
import { monthSchema } from '../reports/zone-ranking.js';
import { objectId } from '../services/schemas.js';
import type { TicketService } from '../services/ticket-service.js';
import { parse } from '../services/validate.js';
import { localTime, periodsOf } from './periods.js';
import { zoneFilter, zoneOf } from './scope.js';

export const vacantListQuery = z
  .object({
    month: monthSchema.optional(),
    zone: objectId.optional(),
    due: z.enum(['true', 'false']).optional(),
  })
  .strict();

export const vacantInspectionInput = z
  .object({
    ok: z.boolean(),
    note: z.string().trim().min(1).max(500).optional(),
    /** Turn the problem into a ticket now (one step). */
    ticket: z.boolean().default(false),
  })
  .strict()
  .refine((i) => i.ok || i.note, { message: 'a problem needs a note saying what was found', path: ['note'] })
  .refine((i) => !i.ticket || !i.ok, { message: 'only a problem becomes a ticket', path: ['ticket'] });

export const vacancyInput = z.object({ vacant: z.boolean() }).strict();

export interface VacantUnitRow {
  unitId: string;
  zoneId: string;
  unit: string;
  inspections: number;
  required: number;
  due: boolean;
  /** Fewer inspections than the month's share so far (one per half month at 2): late, not only due. */
  overdue: boolean;
  lastAt: Date | null;
  lastOk: boolean | null;
}

/**
 * Inspections a vacant unit should have had by now in `month`: `required` spread evenly over the
 * month (at 2: one by mid-month, both by its end); all of them for a month that has ended.
 */
export function expectedByNow(required: number, month: string, now: Date, timezone: string): number {
  const local = localTime(now, timezone);
  const current = local.toFormat('yyyy-LL');
  if (month < current) return required;
  if (month > current) return 0;
  return Math.floor((required * local.day) / (local.daysInMonth ?? 30));
}

/**
 * Vacant units (空置房): the list kept current (a unit marked vacant or occupied), each inspected
 * `patrols.vacantPerMonth` times a month, the month's count and what is still due.
 */
export class VacantUnits {
  constructor(private readonly deps: { config: Config; tickets: TicketService; clock?: () => Date }) {}

  private now = () => (this.deps.clock ?? (() => new Date()))();

  async list(actor: Actor, query: unknown): Promise<{ month: string; units: VacantUnitRow[] }> {
    const q = parse(vacantListQuery, query);
    const month = q.month ?? periodsOf(this.now(), this.deps.config.timezone).month;
    const filter: Record<string, unknown> = { ...zoneFilter(actor), state: 'vacant', active: true };
    if (q.zone) {
      await zoneOf(actor, q.zone);
      filter.zoneId = new Types.ObjectId(q.zone);
    }
    const units = await Unit.find(filter).lean();
    const inspections = await VacantInspection.find({ unitId: { $in: units.map((u) => u._id) }, month })
      .sort({ at: 1 })
      .lean();
    const required = this.deps.config.patrols.vacantPerMonth;
    const byNow = expectedByNow(required, month, this.now(), this.deps.config.timezone);
    const rows = units
      .map((u) => {
        const mine = inspections.filter((i) => String(i.unitId) === String(u._id));
        const last = mine.at(-1);
        return {
          unitId: String(u._id),
          zoneId: String(u.zoneId),
          unit: unitLabel(u),
          inspections: mine.length,
          required,
          due: mine.length < required,
          overdue: mine.length < byNow,
          lastAt: last?.at ?? null,
          lastOk: last ? last.ok : null,
        };
      })
      .filter((r) => q.due === undefined || r.due === (q.due === 'true'))
      .sort((a, b) => a.unit.localeCompare(b.unit, 'zh-CN', { numeric: true }));
    return { month, units: rows };
  }

  private async unitFor(actor: Actor, unitId: string) {
    const unit = await Unit.findById(unitId).lean();
    if (!unit || (actor.communityId && String(unit.communityId) !== actor.communityId))
      throw new NotFoundError('unit', { id: unitId });
    await zoneOf(actor, String(unit.zoneId));
    return unit;
  }

  async inspect(actor: Actor, unitId: string, input: unknown) {
    parse(objectId, unitId);
    const d = parse(vacantInspectionInput, input);
    const unit = await this.unitFor(actor, unitId);
    if (unit.state !== 'vacant') throw new ConflictError('unit_not_vacant', { unit: unitLabel(unit) });
    const now = this.now();
    let ticketNumber: string | undefined;
    if (d.ticket) {
      const t = translator(this.deps.config.defaultLanguage);
      const ticket = await this.deps.tickets.create(actor, {
        communityId: String(unit.communityId),
        kind: 'repair',
        scope: 'in_unit',
        unitId,
        reporterId: actor.personId,
        reporterName: actor.name,
        description: t('patrols.vacant_ticket_description', { note: d.note }),
      });
      ticketNumber = ticket.number;
    }
    const doc = await VacantInspection.create({
      communityId: unit.communityId,
      zoneId: unit.zoneId,
      unitId: unit._id,
      month: periodsOf(now, this.deps.config.timezone).month,
      at: now,
      byId: actor.personId ? new Types.ObjectId(actor.personId) : undefined,
      byName: actor.name,
      ok: d.ok,
      note: d.note,
      ticketNumber,
    });
    return {
      id: String(doc._id),
      unitId,
      unit: unitLabel(unit),
      at: now,
      ok: d.ok,
      note: d.note,
      ticketNumber,
    };
  }

  /** Keeps the list current: the unit is vacant now, or occupied again. */
  async setVacancy(actor: Actor, unitId: string, input: unknown) {
    parse(objectId, unitId);
    const d = parse(vacancyInput, input);
    const unit = await this.unitFor(actor, unitId);
    const state = d.vacant ? 'vacant' : unit.state === 'vacant' ? 'occupied' : unit.state;
    await Unit.updateOne({ _id: unit._id }, { $set: { state } });
    return { unitId, unit: unitLabel(unit), state };
  }

  /** Vacant units of each zone still short of the month's inspections (for the reminders). */
  async dueByZone(month: string): Promise<Map<string, string[]>> {
    const units = await Unit.find({ state: 'vacant', active: true }).lean();
    const done = await VacantInspection.find({ month }, { unitId: 1 }).lean();
    const out = new Map<string, string[]>();
    for (const u of units) {
      const n = done.filter((i) => String(i.unitId) === String(u._id)).length;
      if (n >= this.deps.config.patrols.vacantPerMonth) continue;
      const key = String(u.zoneId);
      out.set(key, [...(out.get(key) ?? []), unitLabel(u)]);
    }
    return out;
  }
}
