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

/** Asking about what is planned (a day ahead, "会不会", a notice), not saying something is wrong now. */
const PLANS =
  /明天|后天|今天|今晚|明早|这周|下周|周[一二三四五六日末]|星期|最近|这两天|会不会|是不是要|要不要|停不停|有没有.{0,6}(通知|计划)|通知|公告|tomorrow|today|this week|planned/i;
const PROBLEM_NOW = /(没|停|断)(水|电)了|坏了|不动了|不亮|关人|困人|漏|跳闸|冒烟|报警了/;

/** Pure: the question is about plans (answered even when no notice is out), not a problem now. */
export function asksAboutPlans(text: string): boolean {
  return PLANS.test(text) && !PROBLEM_NOW.test(text);
}

/**
 * Answers a resident's question about an outage, lift works or a drill from the published notices
 * that cover one of their units ("明天是不是要停水？"); a question about plans with no notice out
 * is told so. False when the message is no such question, or tells of a problem no notice
 * explains ("怎么没水了"): the message then goes on as before (knowledge base, report).
 */
export async function answerFromNotices(ctx: ChatContext): Promise<boolean> {
  const actor = ctx.actor;
  if (!actor?.communityId || !ctx.isResident || !actor.unitIds.length) return false;
  const topics = noticeTopics(ctx.text);
  if (!topics.length) return false;
  const t = ctx.t;
  const active = await ctx.services.announcements.activeFor(actor.communityId, actor.unitIds);
  const fitting = active.filter((n) => topics.includes('any') || topics.includes(n.type));
  if (!fitting.length) {
    // "明天停不停水？" with nothing planned is answered; "怎么没水了" is a report and goes on
    if (!asksAboutPlans(ctx.text)) return false;
    const type = topics.find((x) => x !== 'any');
    await ctx.say('announcements.none', {
      type: t(type ? `announcements.type.${type}` : 'announcements.type.other'),
    });
    return true;
  }
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
