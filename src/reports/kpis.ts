import { DateTime } from 'luxon';
import { Types } from 'mongoose';
import { z } from 'zod';
import type { WorkingCalendar } from '../calendar/working-calendar.js';
import type { Config } from '../config/schema.js';
import { Zone } from '../data/models/index.js';
import { findTickets } from '../data/ticket-store.js';
import { hasRole, type Actor } from '../domain/actor.js';
import { ForbiddenError } from '../domain/errors.js';
import type { Ticket } from '../services/ticket-service.js';
import { objectId } from '../services/schemas.js';
import { parse } from '../services/validate.js';
import { monthSchema } from './zone-ranking.js';

export const kpiQuery = z
  .object({
    month: monthSchema,
    groupBy: z.enum(['zone', 'department', 'worker']).default('zone'),
    community: objectId.optional(),
  })
  .strict();

export interface Kpis {
  created: number;
  completed: number;
  ratings: number;
  averageRating: number | null;
  /** Ratings above the rework threshold, of all ratings. */
  satisfactionRate: number | null;
  /** Completed work orders with a callback recorded, and of those, within the working-day limit. */
  callbackRate: number | null;
  callbackOnTimeRate: number | null;
  complaints: number;
  /** Complaints past handling (handled, filed) of the complaints received. */
  complaintHandlingRate: number | null;
  reworks: number;
  /** Public-facility reports dispatched within `sla.dispatch`. */
  dispatchTimelyRate: number | null;
  /** Arrivals within their limit (in-unit, public, or before the appointment). */
  arrivalTimelyRate: number | null;
  averageMinutesToAccept: number | null;
  averageMinutesToArrive: number | null;
}

const ratio = (n: number, d: number) => (d ? Math.round((n / d) * 1000) / 1000 : null);
const mean = (xs: number[]) =>
  xs.length ? Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10 : null;
const minutes = (a?: Date | null, b?: Date | null) =>
  a && b ? (b.getTime() - a.getTime()) / 60_000 : undefined;

/**
 * The KPIs of domain.md for one group of tickets of a month, computed in code (clearer than an
 * aggregation, and FerretDB v1 runs the plain query that feeds it). Pure.
 */
export function kpisOf(
  tickets: Ticket[],
  range: { from: Date; to: Date },
  config: Config,
  calendar: WorkingCalendar,
): Kpis {
  const inMonth = (d?: Date | null) => Boolean(d && d >= range.from && d < range.to);
  const created = tickets.filter((t) => inMonth(t.createdAt));
  const completed = tickets.filter((t) => t.kind !== 'complaint' && inMonth(t.completedAt));
  const rated = tickets.filter((t) => t.rating?.score && inMonth(t.rating.at));
  const scores = rated.map((t) => t.rating!.score!);
  const calledBack = completed.filter((t) => t.callback?.at);
  const onTime = calledBack.filter(
    (t) => t.callback!.at! <= calendar.addWorkingDays(t.completedAt!, config.sla.callbackWorkingDays),
  );
  const complaints = created.filter((t) => t.kind === 'complaint');
  const publicReports = created.filter((t) => t.scope === 'public' && t.dispatchedAt);
  const arrived = created.filter((t) => t.arrivedAt && t.acceptedAt);
  const arrivalLimitMet = (t: Ticket) => {
    if (t.appointment?.from)
      return t.arrivedAt! <= new Date(t.appointment.from.getTime() - config.sla.arriveBeforeAppointment);
    const limit = t.scope === 'public' ? config.sla.arrivePublic : config.sla.arriveInUnit;
    return t.arrivedAt!.getTime() - t.acceptedAt!.getTime() <= limit;
  };
  return {
    created: created.length,
    completed: completed.length,
    ratings: rated.length,
    averageRating: mean(scores),
    satisfactionRate: ratio(scores.filter((s) => s > config.rating.reworkAtOrBelow).length, scores.length),
    callbackRate: ratio(calledBack.length, completed.length),
    callbackOnTimeRate: ratio(onTime.length, calledBack.length),
    complaints: complaints.length,
    complaintHandlingRate: ratio(
      complaints.filter((t) => ['handled', 'filed'].includes(t.state)).length,
      complaints.length,
    ),
    reworks: created.reduce((n, t) => n + (t.reworkCount ?? 0), 0),
    dispatchTimelyRate: ratio(
      publicReports.filter((t) => minutes(t.createdAt, t.dispatchedAt)! * 60_000 <= config.sla.dispatch)
        .length,
      publicReports.length,
    ),
    arrivalTimelyRate: ratio(arrived.filter(arrivalLimitMet).length, arrived.length),
    averageMinutesToAccept: mean(
      created.map((t) => minutes(t.dispatchedAt, t.acceptedAt)).filter((m): m is number => m !== undefined),
    ),
    averageMinutesToArrive: mean(
      created.map((t) => minutes(t.acceptedAt, t.arrivedAt)).filter((m): m is number => m !== undefined),
    ),
  };
}

/** KPIs of a month per zone, department or worker, plus the whole community. */
export class KpiReport {
  constructor(
    private readonly config: Config,
    private readonly calendar: WorkingCalendar,
  ) {}

  async report(actor: Actor, query: unknown) {
    if (actor.kind !== 'admin' && !hasRole(actor, 'cs_supervisor', 'director', 'head_office', 'zone_manager'))
      throw new ForbiddenError();
    const q = parse(kpiQuery, query);
    if (actor.communityId && q.community && q.community !== actor.communityId)
      throw new ForbiddenError('wrong_community');
    const communityId = actor.communityId ?? q.community;
    const start = DateTime.fromISO(`${q.month}-01`, { zone: this.config.timezone });
    const range = { from: start.toJSDate(), to: start.plus({ months: 1 }).toJSDate() };
    const community = communityId ? { communityId: new Types.ObjectId(communityId) } : {};
    // Everything that happened in the month: created, completed or rated in it.
    const tickets = await findTickets<Ticket>(
      {
        ...community,
        $or: [
          { createdAt: { $gte: range.from, $lt: range.to } },
          { completedAt: { $gte: range.from, $lt: range.to } },
          { 'rating.at': { $gte: range.from, $lt: range.to } },
        ],
      },
      { since: range.from }, // a recent month: `tickets` alone, not the archive
    );
    const scoped =
      hasRole(actor, 'zone_manager') && !hasRole(actor, 'cs_supervisor', 'director', 'head_office')
        ? tickets.filter((t) => actor.zoneIds.includes(String(t.zoneId)))
        : tickets;
    const zones = await Zone.find(community).lean();
    const keyOf = (t: Ticket): string =>
      q.groupBy === 'zone'
        ? (zones.find((z) => String(z._id) === String(t.zoneId))?.name ?? '-')
        : q.groupBy === 'department'
          ? (t.department ?? '-')
          : (t.assigneeName ?? '-');
    const groups = new Map<string, Ticket[]>();
    for (const t of scoped) groups.set(keyOf(t), [...(groups.get(keyOf(t)) ?? []), t]);
    return {
      month: q.month,
      groupBy: q.groupBy,
      total: kpisOf(scoped, range, this.config, this.calendar),
      groups: [...groups.entries()]
        .sort(([a], [b]) => a.localeCompare(b, 'zh-CN'))
        .map(([key, ts]) => ({ key, ...kpisOf(ts, range, this.config, this.calendar) })),
    };
  }
}
