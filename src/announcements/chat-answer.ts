import type { ChatContext } from '../chat/context.js';
import { inScriptOf } from '../chat/text/script.js';
import { windowText } from './deliver.js';
import type { NoticeType } from './model.js';

/** What a question is about, in normalised (simplified) text. */
const TOPICS: ReadonlyArray<[NoticeType | 'any', RegExp]> = [
  ['water_outage', /停水|断水|没水|没有水|来水|供水|水停/],
  ['power_outage', /停电|断电|没电|没有电|来电|供电|电停/],
  ['lift_maintenance', /电梯/],
  ['fire_drill', /消防|演练|演习|警报/],
  ['any', /通知|公告/],
];
/** A question rather than a report: "吗", "是不是", "什么时候", "几点恢复", "修好". */
const QUESTION =
  /[吗么嘛呢?？]|是不是|会不会|要不要|有没有|什么时候|啥时候|几点|多久|何时|哪天|几号|修好|恢复/;

/** The notice types a message asks about (empty: it is not a question about notices). */
export function noticeTopics(text: string): Array<NoticeType | 'any'> {
  if (!QUESTION.test(text)) return [];
  return TOPICS.filter(([, re]) => re.test(text)).map(([type]) => type);
}

/**
 * Answers a resident's question about an outage, lift works or a drill from the published notices
 * that cover one of their units ("明天是不是要停水？"). False when the message is no such question
 * or no notice fits: the message then goes on as before (knowledge base, report).
 */
export async function answerFromNotices(ctx: ChatContext): Promise<boolean> {
  const actor = ctx.actor;
  if (!actor?.communityId || !ctx.isResident || !actor.unitIds.length) return false;
  const topics = noticeTopics(ctx.text);
  if (!topics.length) return false;
  const active = await ctx.services.announcements.activeFor(actor.communityId, actor.unitIds);
  const fitting = active.filter((n) => topics.includes('any') || topics.includes(n.type));
  if (!fitting.length) return false;
  const t = ctx.t;
  const tz = ctx.services.config.timezone;
  const items = fitting.slice(0, 3).map((n) =>
    t('announcements.answer_item', {
      type: t(`announcements.type.${n.type}`),
      title: inScriptOf(ctx.language, n.title),
      window: windowText(n, t, tz),
      body: inScriptOf(ctx.language, n.body.length > 120 ? `${n.body.slice(0, 120)}…` : n.body),
    }),
  );
  await ctx.say('announcements.answer', { items: items.join('\n') });
  return true;
}
