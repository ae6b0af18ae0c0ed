import { answerFromNotices } from '../announcements/chat-answer.js';
import { hazardIn } from '../domain/hazards.js';
import type { ChatContext } from './context.js';
import type { Asides, FlowData, FlowEngine } from './flow-engine.js';
import { contentChars, normalizeText } from './text/normalize.js';
import { answerFromKnowledge } from './knowledge/answer.js';
import { isUnsure } from './readings.js';
import { lexicon, understand } from './understand.js';
import { startReport, type Told } from './intake.js';

/**
 * A question rather than an answer: a question mark, a final 吗/呢/么, or a question word
 * ("维修要收费吗", "物业费怎么交", "你们几点下班"). "明天下午可以吗" is one too: it is only
 * treated as an aside when it is not a valid answer to the step (see FlowEngine.continue).
 */
const QUESTION =
  /[?？]\s*$|[吗呢么嘛]\s*[。.!！~～]*\s*$|\p{Script=Han}不\s*$|怎么|怎样|如何|多少|几点|几号|什么时候|啥时候|哪里|在哪|能不能|可不可以|是不是|要不要|有没有|需不需要/u;

/**
 * How close a question beside a flow must be to an answer: stricter than for a first message,
 * since a wrong answer there interrupts a report ("要多久才能来" is not about renovation hours).
 */
const ASIDE_THRESHOLD = 0.68;

/** A question put to the property itself (its hours, phone, fees), not about the visit being arranged. */
const DESK = /你们|物业|前台|客服|服务中心|上班|下班|办公|营业|值班|收费|收钱|要钱|费用|电话/;

export const isQuestion = (text: string): boolean => QUESTION.test(text);

/** Words that open another problem ("还有…", "另外…"): never the same one told again. */
const ANOTHER = /^(?:还有|另外|另一个|顺便|对了|再就是)|也/;
/**
 * Words that open a correction of what was just said ("不对，是卫生间的", "说错了", "I mean…"),
 * at the start only: "门不对劲" is no correction.
 */
const CORRECTION =
  /^(?:不对|不是的|错了|说错了|搞错了|写错了|打错了|弄错了|更正|纠正|应该是|我是说|我的意思是|(?:sorry|no|oops)?[\s,]*i meant?|correction|actually|wait,?\s*no|no,)(?:[\s,，:：。.!！、]|$)/i;
/** Share of the shorter wording's character pairs the other has: the same problem told again. */
const SAME_WORDING = 0.6;

/** Character pairs of a text's Han, letters and digits. */
const pairs = (text: string) => {
  const chars = contentChars(text);
  return new Set(chars.slice(1).map((c, i) => chars[i]! + c));
};
/** How much of the shorter text's pairs the other has, 0..1. */
function overlap(a: string, b: string): number {
  const [x, y] = [pairs(a), pairs(b)];
  const [small, big] = x.size <= y.size ? [x, y] : [y, x];
  if (!small.size) return 0;
  return [...small].filter((p) => big.has(p)).length / small.size;
}

/**
 * What an owner says beside the question a flow asked: a question the property has answered
 * (knowledge base, published notices) is answered at once; a new report is kept and begun when
 * the current one ends ("还有阳台灯也不亮" at the time step).
 */
export const OWNER_ASIDES: Asides = {
  isQuestion,

  addressesDesk: (text: string) => DESK.test(text),

  async answer(ctx: ChatContext, text: string, ofDesk?: boolean): Promise<boolean> {
    if (!ctx.actor?.communityId || !ctx.isResident) return false;
    if (await answerFromNotices(ctx)) return true;
    return answerFromKnowledge(ctx, text, ctx.original, ofDesk ? undefined : ASIDE_THRESHOLD);
  },

  isReport(text: string): boolean {
    if (isQuestion(text)) return false;
    const u = understand(text);
    return Boolean(u.isReport && u.kind && !isUnsure(u));
  },

  correction(text: string, original: string, data: FlowData): FlowData | undefined {
    const description = typeof data.description === 'string' ? data.description : '';
    if (!description || !CORRECTION.test(text)) return undefined;
    const said = text.replace(CORRECTION, '').replace(/^[\s,，:：。.!！、]+/, '');
    if (contentChars(said).length < 2) return undefined;
    // kept as said, beside the first wording: the worker reads both
    const next: FlowData = { description: `${description}；${original.trim()}` };
    // the topic read again from the correction, when it names one surely ("是卫生间的灯" → electrical)
    const u = understand(said);
    const kindOf = (id: unknown) => lexicon().categories.find((c) => c.id === id)?.kind;
    const sameKind = Boolean(
      u.category && kindOf(u.category) && kindOf(u.category) === kindOf(data.category),
    );
    if (sameKind && u.isReport && u.department && !isUnsure(u))
      Object.assign(next, { category: u.category, department: u.department });
    return next;
  },

  isSameReport(text: string, data: FlowData): boolean {
    const description = typeof data.description === 'string' ? normalizeText(data.description).text : '';
    if (!description || ANOTHER.test(text)) return false;
    const u = understand(text);
    if (!u.isReport || (data.category && u.category !== data.category)) return false;
    return overlap(text, description) >= SAME_WORDING;
  },

  async begin(ctx: ChatContext, engine: FlowEngine, told: Told): Promise<void> {
    await ctx.say('flow.aside.resume', { text: told.original });
    await startReport(ctx, engine, undefined, { ...told, resumed: true });
  },

  isDanger: (text: string) => Boolean(hazardIn(text)),

  async danger(ctx: ChatContext, engine: FlowEngine, told: Told): Promise<void> {
    await startReport(ctx, engine, undefined, told);
  },
};
