import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import { z } from 'zod';
import type { Config } from '../config/schema.js';
import { translator } from '../i18n.js';
import { Zone } from '../data/models/index.js';
import type { Actor } from '../domain/actor.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../domain/errors.js';
import { communityFor, inCommunity } from '../services/community-scope.js';
import { objectId } from '../services/schemas.js';
import { parse } from '../services/validate.js';
import { zoneLimited } from '../services/zone-scope.js';
import { SurveyCampaign, type CampaignDoc } from './models.js';

const dateTime = z.coerce.date({ error: 'expected a date-time such as "2026-12-31T18:00:00+08:00"' });

export const campaignInput = z
  .object({
    /** The half-year: 2026-H1 (January–June) or 2026-H2. */
    period: z.string().regex(/^20\d{2}-H[12]$/, 'expected a half-year such as "2026-H2"'),
    title: z.string().trim().min(2).max(60).optional(),
    /** The zones asked; none: the whole community. */
    zoneIds: z.array(objectId).max(100).default([]),
    /** When the questions go out (default: now); until when answers are taken. */
    startAt: dateTime.optional(),
    endAt: dateTime.optional(),
    communityId: objectId.optional(),
  })
  .strict();
export type CampaignInput = z.input<typeof campaignInput>;

export const campaignParams = z.object({ id: z.string().regex(/^SV-[\w-]{4,40}$/, 'expected a survey id') });

/** What the console shows of a campaign. */
export const campaignView = (c: CampaignDoc) => ({
  id: c._id,
  period: c.period,
  title: c.title,
  zoneIds: (c.zoneIds ?? []).map(String),
  startAt: c.startAt,
  endAt: c.endAt,
  status: c.status,
  issuedAt: c.issuedAt,
  eligible: c.eligible,
  issued: c.issued,
  closedAt: c.closedAt,
  resultsSentAt: c.resultsSentAt,
  resultsSentTo: c.resultsSentTo,
});

/** Survey campaigns: created by supervisors, read by the console roles in their community and zones. */
export class SurveyCampaigns {
  constructor(
    private readonly config: Config,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(actor: Actor, input: unknown): Promise<CampaignDoc> {
    const p = parse(campaignInput, input);
    const communityId = await communityFor(actor, p.communityId);
    const now = this.now();
    const startAt = p.startAt ?? now;
    const endAt = p.endAt ?? new Date(startAt.getTime() + this.config.surveys.openFor);
    const { maxAhead, pastGrace } = this.config.dates;
    if (startAt.getTime() < now.getTime() - pastGrace) throw new ValidationError(['startAt: in the past']);
    if (startAt.getTime() > now.getTime() + maxAhead) throw new ValidationError(['startAt: too far ahead']);
    if (endAt <= startAt) throw new ValidationError(['endAt: must be after startAt']);
    if (endAt.getTime() > startAt.getTime() + maxAhead) throw new ValidationError(['endAt: too far ahead']);
    const zoneIds = [...new Set(p.zoneIds)];
    if (zoneIds.length) {
      const found = await Zone.countDocuments({
        _id: { $in: zoneIds.map((z) => new Types.ObjectId(z)) },
        communityId,
      });
      if (found !== zoneIds.length) throw new ValidationError(['zoneIds: not zones of this community']);
    }
    const [year, half] = p.period.split('-H');
    const title =
      p.title ??
      translator(this.config.defaultLanguage)('surveys.default_title', {
        year,
        half: translator(this.config.defaultLanguage)(`surveys.half_${half === '1' ? 1 : 2}`),
      });
    const doc = await SurveyCampaign.create({
      _id: `SV-${p.period}-${randomBytes(3).toString('hex')}`,
      communityId,
      period: p.period,
      title,
      zoneIds,
      startAt,
      endAt,
      createdBy: actor.userId ?? actor.name,
    });
    return doc.toObject() as CampaignDoc;
  }

  /** The actor's community's campaigns; a zone manager's: those that include their zones. */
  async list(actor: Actor): Promise<CampaignDoc[]> {
    const all = await SurveyCampaign.find(inCommunity(actor))
      .sort({ startAt: -1 })
      .limit(200)
      .lean<CampaignDoc[]>();
    return all.filter((c) => this.visible(actor, c));
  }

  async get(actor: Actor, id: string): Promise<CampaignDoc> {
    const c = await SurveyCampaign.findById(id).lean<CampaignDoc>();
    const scope = inCommunity(actor);
    const sameCommunity = !('communityId' in scope) || String(scope.communityId) === String(c?.communityId);
    if (!c || !sameCommunity || '_id' in scope) throw new NotFoundError('survey', { id });
    if (!this.visible(actor, c)) throw new ForbiddenError('wrong_zone');
    return c;
  }

  private visible(actor: Actor, c: CampaignDoc): boolean {
    if (!zoneLimited(actor) || !c.zoneIds?.length) return true;
    return c.zoneIds.some((z) => actor.zoneIds.includes(String(z)));
  }
}
