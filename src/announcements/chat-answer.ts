import type { ChatContext } from '../chat/context.js';
import { inScriptOf } from '../chat/text/script.js';
import { windowText } from './deliver.js';
import type { NoticeType } from './model.js';
import { topicsOf } from './topics.js';

/**
 * A question rather than a report: "吗", "是不是", "什么时候", "几点恢复", "停不停", "怎么没水了",
 * "is there … ?".
 */
const QUESTION =
  /[吗么嘛呢?？]|是不是|是否|会不会|要不要|有没有|什么时候|啥时候|几点|多久|何时|哪天|几号|修好|恢复|停不停|怎么|为什么|为啥|咋|\b(is|are|will) there\b|\bwhen\b/i;
const ANY_NOTICE = /通知|公告|notice/i;

/** Pure: the notice types a message asks about (empty: it is not a question about notices). */
export function noticeTopics(text: string): Array<NoticeType | 'any'> {
  if (!QUESTION.test(text)) return [];
  const topics: Array<NoticeType | 'any'> = topicsOf(text);
  return ANY_NOTICE.test(text) ? [...topics, 'any'] : topics;
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
