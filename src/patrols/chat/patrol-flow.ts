import { z } from 'zod';
import type { Flow, FlowData, StepOutcome } from '../../chat/flow-engine.js';
import type { ChatContext } from '../../chat/context.js';
import { Zone } from '../../data/models/index.js';
import { AppError } from '../../domain/errors.js';
import { PATROL_AREAS, type PatrolArea, type PatrolKind } from '../checklist.js';
import { PatrolService } from '../patrol-service.js';
import { workZones } from '../scope.js';

export interface PatrolFlowData extends FlowData {
  kind: PatrolKind;
  zoneId?: string;
  zoneName?: string;
  safety?: AreaResult;
  environment?: AreaResult;
  facilities?: AreaResult;
}

interface AreaResult {
  ok: boolean;
  note?: string;
  /** Handled on the spot (已处理): recorded, no ticket. */
  handled?: boolean;
}

const OK = /^(1|ok|好|好的|正常|无|没有|没问题|无问题|良好|都好|一切正常|合格|√|v)$/i;
const HANDLED = /(已处理|已解决|已整改|已清理|已修好|当场处理|handled|fixed)/i;

/** Pure: an answer to one checklist area. "正常" / "1" is in order; anything else says what was found. */
export const areaAnswer = z
  .string()
  .trim()
  .min(1, 'patrols.chat.answer_area')
  .max(500, 'patrols.chat.too_long')
  .transform((text): AreaResult => {
    if (OK.test(text)) return { ok: true };
    return { ok: false, note: text, handled: HANDLED.test(text) };
  })
  .refine((r) => r.ok || (r.note ?? '').replace(/[\s\p{P}]/gu, '').length >= 2, 'patrols.chat.answer_area');

/** The zone named in a text ("A区", "a", "B 区") among the zones the speaker may patrol. */
export async function zoneNamed(ctx: ChatContext, text: string) {
  const zones = await Zone.find({ communityId: ctx.actor!.communityId }).lean();
  const allowed = workZones(ctx.actor!);
  const t = text.trim().toLowerCase().replace(/\s+/g, '');
  const hit = zones.find(
    (z) => t === z.name.toLowerCase() || t === z.code.toLowerCase() || t.includes(z.name.toLowerCase()),
  );
  if (!hit) return { zones, hit: undefined, allowed: true };
  return { zones, hit, allowed: !allowed || allowed.includes(String(hit._id)) };
}

const areaStep = (area: PatrolArea) => ({
  prompt: (ctx: ChatContext) =>
    ctx.t('patrols.chat.ask_area', {
      area: ctx.t(`patrols.area.${area}`),
      hint: ctx.t(`patrols.area_hint.${area}`),
    }),
  accept: (ctx: ChatContext): StepOutcome<PatrolFlowData> => {
    const r = areaAnswer.safeParse(ctx.text);
    if (!r.success) return { ok: false, reason: r.error.issues[0]?.message ?? 'patrols.chat.answer_area' };
    // keep the words as written (traditional script too) for the record and the ticket
    const note = r.data.ok ? undefined : ctx.original.trim();
    return { ok: true, data: { [area]: { ...r.data, note } } };
  },
});

/**
 * The patrol in chat (片区管理员巡视记录): which zone (asked only when the speaker has several),
 * then one question per checklist area; photos may be sent at any point. Problems become tickets
 * to the area's department when the patrol is recorded, unless handled on the spot.
 */
export const patrolFlow: Flow<PatrolFlowData> = {
  name: 'patrol',
  acceptsPhotos: true,
  next: (d) => (d.zoneId ? PATROL_AREAS.find((a) => !d[a]) : 'zone'),
  steps: {
    zone: {
      prompt: async (ctx) => {
        const zones = await Zone.find({ communityId: ctx.actor!.communityId }).sort({ code: 1 }).lean();
        const allowed = workZones(ctx.actor!);
        const names = zones.filter((z) => !allowed || allowed.includes(String(z._id))).map((z) => z.name);
        return ctx.t('patrols.chat.ask_zone', { zones: names.join('、') });
      },
      accept: async (ctx) => {
        const { hit, allowed } = await zoneNamed(ctx, ctx.text);
        if (!hit) return { ok: false, reason: 'patrols.chat.unknown_zone' };
        if (!allowed) return { ok: false, reason: 'patrols.chat.not_your_zone', params: { zone: hit.name } };
        return { ok: true, data: { zoneId: String(hit._id), zoneName: hit.name } };
      },
    },
    safety: areaStep('safety'),
    environment: areaStep('environment'),
    facilities: areaStep('facilities'),
  },
  async finish(ctx, d, sourceKey) {
    const service = new PatrolService({ config: ctx.services.config, tickets: ctx.services.tickets });
    try {
      const patrol = await service.record(ctx.actor!, {
        zoneId: d.zoneId,
        kind: d.kind,
        items: PATROL_AREAS.map((area) => {
          const r = d[area]!;
          return { area, ok: r.ok, note: r.note, ticket: !r.ok && !r.handled };
        }),
        photos: (d.photos ?? []).map((p) => p.fileId),
        sourceKey,
      });
      const lines = patrol.items.map((i) =>
        ctx.t(
          i.ok
            ? 'patrols.chat.line_ok'
            : i.ticketNumber
              ? 'patrols.chat.line_ticket'
              : 'patrols.chat.line_handled',
          {
            area: ctx.t(`patrols.area.${i.area}`),
            number: i.ticketNumber,
          },
        ),
      );
      await ctx.say('patrols.chat.recorded', {
        kind: ctx.t(`patrols.kind.${d.kind}`),
        zone: d.zoneName,
        lines: lines.join('\n'),
        photos: patrol.photos.length,
      });
    } catch (err) {
      if (err instanceof AppError) await ctx.reply(ctx.t(`errors.${err.code}`, err.params));
      else throw err;
    }
  },
};
