import type { Flow, FlowData } from '../chat/flow-engine.js';
import { AppError } from '../domain/errors.js';

export interface RenovationCheckData extends FlowData {
  renovationId: string;
  /** A daily inspection (checklist) or a violation (the next step of the ladder). */
  mode: 'inspection' | 'violation';
  /** Checklist items found wrong, 1-based as the task lists them. */
  failed: number[];
  note?: string;
  photosDone?: boolean;
}

const DONE = /^(好了|好|完成|发完了|发完|没有|无|跳过|不用|没|ok|done|skip|no|none)$/i;
const NONE = /^(没有|无|跳过|不用|没|skip|no|none)$/i;

/**
 * The inspection or violation record in chat, after `装修巡检 RN… …`: the photos (sent one by
 * one, then "好了"), then the record. A violation needs at least one photo as evidence (4.4:
 * recorded with evidence); an inspection may have none.
 */
export const renovationCheckFlow: Flow<RenovationCheckData> = {
  name: 'renovation_check',
  acceptsPhotos: true,
  next: (d) => (d.photosDone ? undefined : 'photos'),
  steps: {
    photos: {
      prompt: (ctx, d) => ctx.t(`renovation.chat.ask_photos_${d.mode}`, { id: d.renovationId }),
      accept: (_ctx, text, d) => {
        const t = text.trim();
        if (!DONE.test(t)) return { ok: false, reason: `renovation.chat.photos_hint_${d.mode}` };
        if (d.mode === 'violation' && (NONE.test(t) || !d.photos?.length))
          return { ok: false, reason: 'renovation.chat.evidence_required' };
        return { ok: true, data: { photosDone: true } };
      },
    },
  },
  async finish(ctx, d) {
    const svc = ctx.services.renovations;
    const photos = d.photos ?? [];
    try {
      if (d.mode === 'violation') {
        const doc = await svc.recordViolation(ctx.actor!, d.renovationId, {
          note: d.note ?? '',
          evidence: photos,
        });
        const v = doc.violations.at(-1)!;
        await ctx.say('renovation.chat.violation_recorded', {
          id: doc._id,
          level: ctx.t(`renovation.level.${v.level}`),
          count: doc.violations.length,
          photos: photos.length,
        });
        return;
      }
      const items = ctx.services.config.renovation.checklist;
      const checklist = Object.fromEntries(items.map((k, i) => [k, !d.failed.includes(i + 1)]));
      const doc = await svc.inspect(ctx.actor!, d.renovationId, { checklist, note: d.note, photos });
      const failed = d.failed.map((n) => ctx.t(`renovation.checklist.${items[n - 1]}`));
      await ctx.say(failed.length ? 'renovation.chat.inspected_failed' : 'renovation.chat.inspected_ok', {
        id: doc._id,
        failed: failed.join('、'),
        photos: photos.length,
      });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      await ctx.say(`errors.${err.code}`, err.params);
    }
  },
};
