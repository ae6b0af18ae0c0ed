import { Types } from 'mongoose';
import { z } from 'zod';
import type { Config } from '../config/schema.js';
import { Patrol, Zone } from '../data/models/index.js';
import { isDuplicateKey } from '../data/errors.js';
import { hasRole, type Actor } from '../domain/actor.js';
import { ForbiddenError, NotFoundError } from '../domain/errors.js';
import { sniffImageType, type PhotoStore } from '../services/photo-store.js';
import { translator } from '../i18n.js';
import { monthSchema } from '../reports/zone-ranking.js';
import { objectId } from '../services/schemas.js';
import type { TicketService } from '../services/ticket-service.js';
import { parse } from '../services/validate.js';
import { AREA_DEPARTMENT, KIND_ROLES, PATROL_AREAS, PATROL_KINDS, patrolScore } from './checklist.js';
import { periodsOf } from './periods.js';
import { workZones, zoneFilter, zoneOf, zonesVisible } from './scope.js';

export const patrolItemInput = z
  .object({
    area: z.enum(PATROL_AREAS),
    ok: z.boolean(),
    /** What was found (required when not in order). */
    note: z.string().trim().min(1).max(500).optional(),
    /** Where, for the ticket (default: the zone's name). */
    location: z.string().trim().min(1).max(200).optional(),
    /** Turn the problem into a ticket now (one step). */
    ticket: z.boolean().default(false),
  })
  .strict()
  .refine((i) => i.ok || i.note, { message: 'a problem needs a note saying what was found', path: ['note'] })
  .refine((i) => !i.ticket || !i.ok, { message: 'only a problem becomes a ticket', path: ['ticket'] });

export const patrolInput = z
  .object({
    zoneId: objectId,
    kind: z.enum(PATROL_KINDS).default('daily'),
    items: z
      .array(patrolItemInput)
      .min(1)
      .max(PATROL_AREAS.length)
      .refine((items) => new Set(items.map((i) => i.area)).size === items.length, 'each area at most once'),
    notes: z.string().trim().max(1000).optional(),
    photos: z
      .array(z.string().regex(/^[a-f0-9]{24}$/i))
      .max(9)
      .optional(),
    sourceKey: z.string().min(1).max(200).optional(),
  })
  .strict();
export type PatrolInput = z.input<typeof patrolInput>;

export const patrolListQuery = z
  .object({
    month: monthSchema.optional(),
    zone: objectId.optional(),
    kind: z.enum(PATROL_KINDS).optional(),
  })
  .strict();

/** A photo taken on a patrol, base64 in JSON (the console scales it down before sending). */
export const patrolPhotoInput = z
  .object({
    data: z
      .string()
      .min(1)
      .max(1_000_000, 'photo: larger than the upload limit (about 700 KB)')
      .regex(/^[A-Za-z0-9+/=\s]+$/, 'photo: not base64'),
  })
  .strict();
export const photoParams = z.object({ fileId: objectId }).strict();

export const patrolStatusQuery = z.object({ month: monthSchema.optional() }).strict();

export interface PatrolView {
  id: string;
  zoneId: string;
  kind: string;
  day: string;
  week: string;
  at: Date;
  byName?: string;
  items: Array<{ area: string; ok: boolean; note?: string; ticketNumber?: string }>;
  photos: string[];
  notes?: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a lean document or a hydrated one's toObject()
const view = (p: Record<string, any>): PatrolView => ({
  id: String(p._id),
  zoneId: String(p.zoneId),
  kind: p.kind,
  day: p.day,
  week: p.week,
  at: p.at,
  byName: p.byName ?? undefined,
  items: (p.items ?? []).map((i: Record<string, unknown>) => ({
    area: i.area,
    ok: i.ok,
    note: i.note ?? undefined,
    ticketNumber: i.ticketNumber ?? undefined,
  })),
  photos: p.photos ?? [],
  notes: p.notes ?? undefined,
});

/**
 * Patrols: recorded in chat or in the console by whoever the kind belongs to (the zone manager
 * in their zones; the supervisor community-wide), a problem made a ticket in the same step.
 */
export class PatrolService {
  constructor(
    private readonly deps: {
      config: Config;
      tickets: TicketService;
      photos?: PhotoStore;
      clock?: () => Date;
    },
  ) {}

  private now = () => (this.deps.clock ?? (() => new Date()))();

  private get photos(): PhotoStore {
    if (!this.deps.photos) throw new Error('no photo store configured');
    return this.deps.photos;
  }

  /** Stores a photo for a patrol about to be recorded (its id then goes in `photos`). */
  async savePhoto(actor: Actor, input: unknown) {
    workZones(actor); // only those who patrol
    const d = parse(patrolPhotoInput, input);
    const saved = await this.photos.save(Buffer.from(d.data, 'base64'), { uploadedBy: actor.personId });
    return { fileId: String(saved.fileId), contentType: saved.contentType, size: saved.size };
  }

  /** A photo of a patrol the actor may read. */
  async photo(actor: Actor, fileId: string) {
    parse(objectId, fileId);
    const patrol = await Patrol.findOne({ ...zoneFilter(actor), photos: fileId }, { _id: 1 }).lean();
    if (!patrol) throw new NotFoundError('photo', { id: fileId });
    const data = await this.photos.read(fileId);
    return { data, contentType: sniffImageType(data) ?? 'application/octet-stream' };
  }

  async record(actor: Actor, input: unknown): Promise<PatrolView> {
    const d = parse(patrolInput, input);
    if (actor.kind !== 'admin' && !hasRole(actor, ...(KIND_ROLES[d.kind] as never[])))
      throw new ForbiddenError('patrol_kind_not_yours', { kind: d.kind });
    const zone = await zoneOf(actor, d.zoneId);
    if (d.sourceKey) {
      const done = await Patrol.findOne({ sourceKey: d.sourceKey }).lean();
      if (done) return view(done);
    }
    const now = this.now();
    const t = translator(this.deps.config.defaultLanguage);
    const items = [];
    for (const item of d.items) {
      let ticketNumber: string | undefined;
      if (item.ticket) {
        const ticket = await this.deps.tickets.create(actor, {
          communityId: String(zone.communityId),
          kind: 'repair',
          scope: 'public',
          department: AREA_DEPARTMENT[item.area],
          zoneId: d.zoneId,
          location: item.location ?? zone.name,
          reporterId: actor.personId,
          reporterName: actor.name,
          description: t('patrols.ticket_description', {
            area: t(`patrols.area.${item.area}`),
            note: item.note,
          }),
          sourceKey: d.sourceKey ? `${d.sourceKey}:${item.area}` : undefined,
        });
        ticketNumber = ticket.number;
      }
      items.push({ area: item.area, ok: item.ok, note: item.note, ticketNumber });
    }
    const sourceKey = d.sourceKey ?? `patrol:${new Types.ObjectId()}`;
    const doc = await Patrol.create({
      communityId: zone.communityId,
      zoneId: zone._id,
      kind: d.kind,
      ...periodsOf(now, this.deps.config.timezone),
      at: now,
      byId: actor.personId ? new Types.ObjectId(actor.personId) : undefined,
      byName: actor.name,
      items,
      photos: d.photos,
      notes: d.notes,
      sourceKey,
    }).catch(async (err) => {
      // the same patrol finished twice at once: the first one stands
      const first = isDuplicateKey(err) ? await Patrol.findOne({ sourceKey }).lean() : null;
      if (!first) throw err;
      return first;
    });
    return view('toObject' in doc ? doc.toObject() : doc);
  }

  async list(actor: Actor, query: unknown): Promise<{ items: PatrolView[] }> {
    const q = parse(patrolListQuery, query);
    const month = q.month ?? periodsOf(this.now(), this.deps.config.timezone).month;
    const filter: Record<string, unknown> = { ...zoneFilter(actor), month };
    if (q.zone) {
      await zoneOf(actor, q.zone);
      filter.zoneId = new Types.ObjectId(q.zone);
    }
    if (q.kind) filter.kind = q.kind;
    const rows = await Patrol.find(filter).sort({ at: -1 }).limit(500).lean();
    return { items: rows.map(view) };
  }

  /**
   * Per zone the actor works in: today's daily patrol done or not, this week's team and
   * supervisor patrols against the cadence, and the month's patrol score.
   */
  async status(actor: Actor, query: unknown) {
    const q = parse(patrolStatusQuery, query);
    const cfg = this.deps.config.patrols;
    const now = periodsOf(this.now(), this.deps.config.timezone);
    const month = q.month ?? now.month;
    const zones = await Zone.find(zonesVisible(actor)).sort({ code: 1 }).lean();
    const patrols = await Patrol.find({
      zoneId: { $in: zones.map((z) => z._id) },
      $or: [{ month }, { week: now.week }, { day: now.day }],
    }).lean();
    return {
      month,
      day: now.day,
      week: now.week,
      zones: zones.map((z) => {
        const mine = patrols.filter((p) => String(p.zoneId) === String(z._id));
        const week = mine.filter((p) => p.week === now.week);
        const inMonth = mine.filter((p) => p.month === month);
        return {
          zoneId: String(z._id),
          zone: z.name,
          dailyDoneToday: mine.some((p) => p.kind === 'daily' && p.day === now.day),
          teamThisWeek: week.filter((p) => p.kind === 'team').length,
          teamPerWeek: cfg.teamPerWeek,
          supervisorThisWeek: week.filter((p) => p.kind === 'supervisor').length,
          supervisorPerWeek: cfg.supervisorPerWeek,
          patrolsThisMonth: inMonth.length,
          problemsThisMonth: inMonth.flatMap((p) => p.items).filter((i) => !i.ok).length,
          score: patrolScore(inMonth, cfg.minPatrolsForScore),
        };
      }),
    };
  }
}

/** Zones of the actor, for chat: the one they patrol without naming it. */
export function onlyZone(actor: Actor): string | undefined {
  const zones = actor.kind === 'person' ? actor.zoneIds : [];
  if (hasRole(actor, 'zone_manager') && zones.length === 1) return zones[0];
  return undefined;
}
