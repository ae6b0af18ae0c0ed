import { saysYes } from '../src/chat/text/agreement.js';
import { z } from 'zod';
import { Person, Unit, unitLabel } from '../src/data/models/index.js';
import type { ChatContext } from '../src/chat/context.js';
import type { StepOutcome } from '../src/chat/flow-engine.js';
import { cachedRead } from '../src/data/directory-cache.js';

/** A numbered quick reply: "1" or the option's own words pick it. */
export function pickOption<T extends string>(
  text: string,
  options: ReadonlyArray<{ value: T; words: readonly string[] }>,
): T | undefined {
  const n = /^\s*(\d{1,2})\s*$/.exec(text);
  if (n) return options[Number(n[1]) - 1]?.value;
  return options.find((o) => o.words.some((w) => text.includes(w)))?.value;
}

export const numbered = (lines: string[]) => lines.map((l, i) => `${i + 1}. ${l}`).join('\n');

export const YES =
  /^(1|是|是的|对|对的|好|好的|确认|确定|提交|ok|okay|yes|y|yep|yeah|sure|confirm|submit|correct|没问题|可以)[.!]?$/i;
/** A summary confirmed in a few more words: "确认一下", "好的 确认提交", "确定提交", "确认无误", "没问题了". */
export const CONFIRMS =
  /^(?:(?:好的?|嗯+|行|可以|对的?)[\s,，、]*)?(?:确认提交|确认|确定|提交|没问题)(?:一下|了|吧|啦|的|无误|提交)*[\s!！。.~]*$/;
export const confirms = (text: string) => YES.test(text) || CONFIRMS.test(text) || saysYes(text);
/** Agreement to a summary in everyday words (see src/chat/text/agreement.ts). */
/** Agreement to a summary in everyday words (see src/chat/text/agreement.ts). */
export { saysYes };

/** Free text an owner types as a description: something to read, not too long. */
export const descriptionSchema = z
  .string()
  .trim()
  .min(2, 'flow.too_short')
  .max(500, 'flow.too_long')
  .refine((s) => /[\p{L}\p{N}]/u.test(s), 'flow.too_short');

export const phoneSchema = z
  .string()
  .transform((s) => s.replace(/[\s-]/g, ''))
  .pipe(z.string().regex(/^1[3-9]\d{9}$/, 'flow.phone_invalid'));

/** Runs a zod schema over a reply: ok → the parsed value, else the translated reason's key. */
export function check<T, D>(
  schema: z.ZodType<T>,
  text: string,
  toData: (v: T) => Partial<D>,
): StepOutcome<D> {
  const r = schema.safeParse(text);
  if (r.success) return { ok: true, data: toData(r.data) };
  return { ok: false, reason: r.error.issues[0]?.message ?? 'flow.invalid' };
}

export interface OwnerUnit {
  id: string;
  label: string;
}

/** The speaker's units (from their binding) and phone on file. */
export async function ownerProfile(ctx: ChatContext): Promise<{ units: OwnerUnit[]; phone?: string }> {
  if (!ctx.actor?.personId) return { units: [] };
  const personId = ctx.actor.personId;
  // the directory as cached in memory (by _id, as the pipeline and the ticket service read it)
  const [person, ...units] = await Promise.all([
    cachedRead('people', personId, () => Person.findById(personId).lean()),
    ...ctx.actor.unitIds.map((id) => cachedRead('units', id, () => Unit.findById(id).lean())),
  ]);
  return {
    units: units.flatMap((u) => (u ? [{ id: String(u._id), label: unitLabel(u) }] : [])),
    phone: person?.phone ?? undefined,
  };
}

/** Words that only say which kind of report it is, not what happened. */
const FILLER =
  /(我要|我想|想要|需要|请|麻烦|帮我|一下|报修|投诉|求助|咨询|建议|表扬|反映|物业|你好|您好|在吗|小助手|了|的|啊|呀|吧|!|！|,|，|。|\.|\s)/g;

/** The text says more than "报修" / "我要投诉": use it as the description. */
export function hasSubstance(text: string): boolean {
  return text.replace(/@\S+/g, '').replace(FILLER, '').length >= 2;
}
