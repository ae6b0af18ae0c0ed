import { DateTime } from 'luxon';
import { Types } from 'mongoose';
import { z } from 'zod';
import type { Config } from '../config/schema.js';
import { TicketEvent, Zone, ZoneInspection } from '../data/models/index.js';
import { findTickets } from '../data/ticket-store.js';
import { hasRole, type Actor } from '../domain/actor.js';
import { ForbiddenError, NotFoundError } from '../domain/errors.js';
import { objectId } from '../services/schemas.js';
import { parse } from '../services/validate.js';
import { patrolScores } from '../patrols/patrol-scores.js';

export const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month, YYYY-MM');
export const rankingQuery = z.object({ month: monthSchema, community: objectId.optional() }).strict();
export const inspectionInput = z
  .object({ zoneId: objectId, month: monthSchema, score: z.number().min(0).max(100) })
  .strict();

export interface ZoneCounts {
  complaints: number;
  praises: number;
  dissatisfiedCallbacks: number;
}

export interface ZoneScore extends ZoneCounts {
  zoneId: string;
  zone: string;
  ownerScore: number;
  inspection: number | null;
  /** Where `inspection` came from: the entered score or the month's patrols (src/patrols). */
  inspectionSource: 'entered' | 'patrols' | null;
  /** The month's patrol score (share of checked areas in order × 100), null without patrols. */
  patrolScore: number | null;
  /** Null while the month's inspection score is missing: the zone cannot be ranked yet. */
  score: number | null;
  rank: number | null;
  /** Set when the inspection score is missing (shown and flagged, never counted as 0). */
  inspectionMissing: boolean;
}

type Scoring = Config['scoring'];

/**
 * The zone team's monthly score (seed 002 ch. 4): owner evaluation (start at `base`, −5 per
 * complaint, +2 per praise, −1 per dissatisfied callback) weighted 70%, the supervisor's
 * public-area inspection weighted 30%. Pure. Without the month's inspection score the zone has
 * no score (null), not one that counts the inspection as 0.
 */
export function zoneScore(counts: ZoneCounts, inspection: number | null, s: Scoring) {
  const ownerScore =
    s.base -
    s.complaintPenalty * counts.complaints +
    s.praiseBonus * counts.praises -
    s.dissatisfiedCallbackPenalty * counts.dissatisfiedCallbacks;
  if (inspection === null) return { ownerScore, score: null };
  const score = s.ownerEvaluationWeight * ownerScore + s.inspectionWeight * inspection;
  return { ownerScore, score: Math.round(score * 100) / 100 };
}

/**
 * Forced ranking: highest score first; equal scores share a rank (1, 2, 2, 4). Rows without a
 * score (inspection missing) come last, unranked.
 */
export function rank<T extends { score: number | null }>(rows: T[]): Array<T & { rank: number | null }> {
  const scored = rows.filter((r) => r.score !== null).sort((a, b) => b.score! - a.score!);
  return [
    ...scored.map((r) => ({ ...r, rank: scored.findIndex((x) => x.score === r.score) + 1 })),
    ...rows.filter((r) => r.score === null).map((r) => ({ ...r, rank: null })),
  ];
}

/**
 * The 30% public-area inspection part: with `entered` (default) a score the supervisor entered
 * takes precedence and the month's patrols fill in when none was entered; with `patrols` only the
 * patrols count. Neither: missing (the zone is flagged and unranked).
 */
export function inspectionOf(
  entered: number | null,
  patrols: number | null,
  source: Config['patrols']['inspectionSource'],
): { inspection: number | null; inspectionSource: 'entered' | 'patrols' | null } {
  if (source === 'entered' && entered !== null) return { inspection: entered, inspectionSource: 'entered' };
  if (patrols !== null) return { inspection: patrols, inspectionSource: 'patrols' };
  return { inspection: null, inspectionSource: null };
}

const REPORT_ROLES = ['cs_supervisor', 'director', 'head_office', 'zone_manager'] as const;

/** Zone scores and inspections, computed in code from plain queries FerretDB v1 also runs. */
export class ZoneRanking {
  constructor(private readonly config: Config) {}

  private communityOf(actor: Actor, requested?: string): string | undefined {
    if (actor.kind !== 'admin' && !hasRole(actor, ...REPORT_ROLES)) throw new ForbiddenError();
    if (actor.communityId && requested && requested !== actor.communityId)
      throw new ForbiddenError('wrong_community');
    return actor.communityId ?? requested;
  }

  private bounds(month: string): { from: Date; to: Date } {
    const start = DateTime.fromISO(`${month}-01`, { zone: this.config.timezone });
    return { from: start.toJSDate(), to: start.plus({ months: 1 }).toJSDate() };
  }

  async ranking(actor: Actor, query: unknown): Promise<{ month: string; zones: ZoneScore[] }> {
    const q = parse(rankingQuery, query);
    const communityId = this.communityOf(actor, q.community);
    const zones = await Zone.find(communityId ? { communityId: new Types.ObjectId(communityId) } : {}).lean();
    const { from, to } = this.bounds(q.month);
    const zoneIds = zones.map((z) => z._id);
    const [reports, unsatisfied, inspections] = await Promise.all([
      findTickets<{ zoneId?: unknown; kind: string }>(
        {
          zoneId: { $in: zoneIds },
          kind: { $in: ['complaint', 'praise'] },
          createdAt: { $gte: from, $lt: to },
        },
        { projection: { zoneId: 1, kind: 1 }, since: from },
      ),
      TicketEvent.find(
        { event: 'callback_unsatisfied', at: { $gte: from, $lt: to } },
        { ticketId: 1 },
      ).lean(),
      ZoneInspection.find({ zoneId: { $in: zoneIds }, month: q.month }).lean(),
    ]);
    const patrols = await patrolScores(zoneIds, q.month, this.config.patrols.minPatrolsForScore);
    const unsatisfiedTickets = await findTickets<{ _id: unknown; zoneId?: unknown }>(
      { _id: { $in: unsatisfied.map((e) => e.ticketId) } },
      { projection: { zoneId: 1 }, since: from }, // called back in the month: changed since
    );
    const rows = zones.map((z) => {
      const id = String(z._id);
      const counts = {
        complaints: reports.filter((t) => String(t.zoneId) === id && t.kind === 'complaint').length,
        praises: reports.filter((t) => String(t.zoneId) === id && t.kind === 'praise').length,
        dissatisfiedCallbacks: unsatisfied.filter((e) =>
          unsatisfiedTickets.some((t) => String(t._id) === String(e.ticketId) && String(t.zoneId) === id),
        ).length,
      };
      const entered = inspections.find((i) => String(i.zoneId) === id)?.score ?? null;
      const patrolScore = patrols.get(id) ?? null;
      const { inspection, inspectionSource } = inspectionOf(
        entered,
        patrolScore,
        this.config.patrols.inspectionSource,
      );
      return {
        zoneId: id,
        zone: z.name,
        ...counts,
        inspection,
        inspectionSource,
        patrolScore,
        inspectionMissing: inspection === null,
        ...zoneScore(counts, inspection, this.config.scoring),
      };
    });
    return { month: q.month, zones: rank(rows) };
  }

  /** The supervisor records a zone's inspection score for a month (again: replaced). */
  async recordInspection(actor: Actor, input: unknown) {
    if (actor.kind !== 'admin' && !hasRole(actor, 'cs_supervisor', 'director')) throw new ForbiddenError();
    const d = parse(inspectionInput, input);
    const zone = await Zone.findById(d.zoneId).lean();
    if (!zone || (actor.communityId && String(zone.communityId) !== actor.communityId))
      throw new NotFoundError('zone', { id: d.zoneId });
    await ZoneInspection.updateOne(
      { zoneId: zone._id, month: d.month },
      { $set: { score: d.score, by: actor.personId ?? actor.kind } },
      { upsert: true },
    );
    return { zoneId: d.zoneId, month: d.month, score: d.score };
  }
}
