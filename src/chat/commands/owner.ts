import { Community, OpenTicket, Ticket as TicketModel } from '../../data/models/index.js';
import { DONE_STATES, LINKED_RATABLE, OPEN_STATES, WORK_KINDS } from '../../domain/ticket-states.js';
import type { Ticket } from '../../services/ticket-service.js';
import { command } from '../command.js';
import type { ChatContext } from '../context.js';
import { findTicketNumber, withoutTicketNumber } from '../text/ticket-ref.js';
import { contentChars } from '../text/normalize.js';
import { isUnsatisfied } from '../../domain/service-rules.js';
import { formatWhen, formatWindow } from '../format.js';
import { readRatingWords } from '../text/rating-words.js';
import { saysYes } from '../text/agreement.js';
import { parseAppointment } from '../text/appointment.js';

const fmt = (ctx: ChatContext, d?: Date | null) => formatWhen(ctx.t, d, ctx.services.config.timezone);

/**
 * The next promised moment of an open ticket, for the owner. A moment already past is no
 * promise: the owner is told it is late and being chased instead.
 */
export function expected(ctx: ChatContext, t: Ticket): string {
  // an agreed visit is told as the window agreed, not as the worker's arrive-by limit before it
  const visit = t.appointment?.from;
  if (visit && new Date(visit) > ctx.msg.at && !t.sla?.planBy) {
    const { timezone } = ctx.services.config;
    return ctx.t('owner.expected_visit', { window: formatWindow(ctx.t, visit, t.appointment?.to, timezone) });
  }
  const sla = t.sla ?? {};
  const next = sla.arriveBy ?? sla.acceptBy ?? sla.dispatchBy ?? sla.planBy ?? sla.callbackBy;
  if (!next) return '';
  if (new Date(next) <= ctx.msg.at) return ctx.t('owner.overdue');
  // not yet accepted: the deadline is the worker's to accept, the visit follows it
  if (!sla.arriveBy && sla.acceptBy && next === sla.acceptBy) {
    const { arriveInUnit, arrivePublic } = ctx.services.config.sla;
    const minutes = Math.round((t.scope === 'public' ? arrivePublic : arriveInUnit) / 60_000);
    return ctx.t('owner.expected_accept', { time: fmt(ctx, next), minutes });
  }
  return ctx.t('owner.expected', { time: fmt(ctx, next) });
}

function line(ctx: ChatContext, t: Ticket): string {
  return ctx.t('owner.line', {
    number: t.number,
    kind: ctx.t(`ticket.kind.${t.kind}`),
    state: ctx.t(`ticket.state.${t.state}`),
    summary: t.description.slice(0, 30),
    // a family member's repair for the same unit says who filed it
    by:
      t.reporterId && String(t.reporterId) !== ctx.actor?.personId && t.scope === 'in_unit'
        ? ctx.t('owner.by_household', { name: t.reporterName ?? '' })
        : '',
    worker: t.assigneeName ? ctx.t('owner.worker', { name: t.assigneeName }) : '',
    // after completion the next deadline is the desk's own callback, not a promise to the owner
    expected: OPEN_STATES.includes(t.state) && !DONE_STATES.includes(t.state) ? expected(ctx, t) : '',
  });
}

/**
 * Asking after one's own order: "到哪了", "怎么还没来", "师傅大概几点会到", "修树的人来了没有",
 * "修了没". "什么时候来水/来电" asks after the supply, not a visit (the outage notices and the
 * knowledge base answer it). Read only while the owner has an open order and no flow is waiting (see handle).
 */
const ASKING_AFTER = new RegExp(
  [
    '进度',
    '进展',
    '到哪(?:了|里了|儿了)?',
    '到哪一步',
    '怎么样了',
    '(?:怎么|咋|为什么|为啥)还没',
    '还没(?:有)?(?:人)?(?:来|到|修|处理|动静|回复|消息|上门|联系)',
    '(?:几点|什么时候|啥时候|何时|几时|多久|多长时间)(?:才)?(?:会|能|可以|要)?(?:到|来|上门|过来|修|处理)',
    '(?:来|到)了?(?:没有|没|吗|么)',
    '(?:修|处理)(?:好)?了?(?:没有|没|吗)',
    '有人(?:管|处理|来)(?:吗|没有|没)',
    '(?:师傅|人|维修工)\\S{0,4}(?:到|来)了(?:没|吗|么)',
  ].join('|'),
);

/** A question about the water, power or gas supply ("为什么停水", "什么时候来电"). */
const SUPPLY = /停水|停电|停气|断水|断电|来水|来电|来气|没水|没电/;

/** The speaker's own reports named ("我的报修", "我家的维修", "my tickets"), not 维修基金 or 维修电话. */
const MY_REPORTS =
  /(?:我的|我家的?|我们家?的?)(?:报修|工单|投诉|报事|单子|维修(?!基金|资金|费|电话))|\bmy\s+(?:repair|ticket|order|report|request|complaint|case|job)s?\b/i;
/** What else asks after them: a result or an answer, or, in English, a status. */
const ASKING_RESULT =
  /(?:结果|回复|答复|回音|消息|下文|动静|处理)(?:了)?(?:吗|么|没有|没)|\b(?:status|progress|updates?|news|where|when)\b/i;

/**
 * Pure: the message names the speaker's own reports and asks nothing else about them ("我的报修
 * 进度怎么样了", "my tickets", "what's the status of my repair?"): a progress question whether or
 * not one is open, never a new report.
 */
export function asksForMyReports(text: string): boolean {
  if (text.length > 40) return false;
  const m = MY_REPORTS.exec(text);
  if (!m) return false;
  const rest = `${text.slice(0, m.index)} ${text.slice(m.index + m[0].length)}`;
  const bare = rest
    .replace(/[\s,，。.!！?？~～、…'’]+/g, '')
    .replace(/^(?:请问|问下|问一下|查一下|查下|看看|看一下|帮我查?一?下?)/, '')
    .replace(/(?:呢|吗|啊|呀|哈|吧|了)+$/, '');
  return !bare || ASKING_AFTER.test(rest) || ASKING_RESULT.test(rest);
}

/** Pure: the message asks after an order already reported. */
export const asksAfterOrder = (text: string) =>
  text.length <= 30 && ASKING_AFTER.test(text) && !SUPPLY.test(text);

/**
 * 我的报修 / 进度 BX…: the speaker's own tickets and their household's repairs for their own unit
 * (filed by a family member: said so), never a neighbour's (the ticket service scopes the query).
 */
export const progress = command<{ number?: string; loose?: boolean }>({
  name: 'progress',
  match({ text }) {
    if (
      /^(我的报修|我的工单|我的投诉|我的报事|查询进度|查进度|进度查询|进度|my (?:repairs|orders|reports)|progress|status)$/i.test(
        text,
      )
    )
      return {};
    const m = /^(?:进度|查询|查|progress|status)\s*(.+)$/i.exec(text);
    if (!m && !findTicketNumber(text) && asksForMyReports(text)) return {};
    const number = findTicketNumber(m?.[1] ?? text);
    if (number && (m || text.replace(/\s/g, '').length <= 14 || ASKING_AFTER.test(text))) return { number };
    // "我的维修进度呢", "师傅大概几点到啊": only while the owner has an open order (see handle)
    if (asksAfterOrder(text)) return { loose: true };
    return undefined;
  },
  async handle(ctx, p) {
    if (ctx.isStaff && !ctx.isResident && !p.number) return false;
    if (p.loose) {
      if (!ctx.isResident || !ctx.actor) return false;
      const open = await ctx.services.tickets.list(ctx.actor, {
        reporter: ctx.actor.personId,
        household: 'true',
        state: OPEN_STATES.join(','),
        pageSize: 10,
      });
      if (!open.items.length) return false;
      return void (await ctx.reply(
        `${ctx.t('owner.mine', { count: open.total })}\n${open.items.map((t) => line(ctx, t)).join('\n')}`,
        { private: true },
      ));
    }
    if (!ctx.actor) return void (await ctx.say('chat.bind_first', {}, { private: true }));
    const { tickets } = ctx.services;
    if (p.number) {
      const t = await tickets.get(ctx.actor, p.number);
      return void (await ctx.reply(line(ctx, t), { private: true, ticketNumber: t.number }));
    }
    // the working time's reports (retention.ticketsWorking): older ones are in the ticket archive,
    // which grows with the years and is not read on the message path (a minute inside the edge,
    // which the archive is checked against with the clock of the query)
    // Open reports older than that are never archived: listed too (from their copies, after the
    // recent ones, which are all newer)
    const working = ctx.services.config.retention.ticketsWorking;
    const from = new Date(ctx.msg.at.getTime() - working + 60_000);
    const mine = { reporter: ctx.actor.personId, household: 'true' as const, pageSize: 10 };
    const [page, stillOpen] = await Promise.all([
      tickets.list(ctx.actor, { ...mine, from }),
      tickets.list(ctx.actor, { ...mine, to: from, state: OPEN_STATES.join(',') }),
    ]);
    const items = [...page.items, ...stillOpen.items].slice(0, 10);
    const days = Math.round(working / 86_400_000);
    if (!items.length) return void (await ctx.say('owner.none', { days }, { private: true }));
    await ctx.reply(
      `${ctx.t('owner.mine', { count: page.total + stillOpen.total })}\n${items.map((t) => line(ctx, t)).join('\n')}`,
      { private: true },
    );
  },
});

const RATING_WORDS: Array<[RegExp, number]> = [
  [/^(非常满意|很满意|超满意|十分满意|👍👍|五星|满分|very satisfied|excellent)/i, 5],
  [
    /^(不满意|很不满意|非常不满意|差评|👎|不好(?!意思)|很差|太差|not satisfied|unsatisfied|dissatisfied|bad|poor)/i,
    1,
  ],
  [/^(满意|好评|👍|挺好|不错|很好|👌|satisfied|good|great)/i, 5],
  [/^(一般般|一般|还行|凑合|马马虎虎|so-so|so so|average)/i, 3],
];

/** Pure: a rating reply ("5", "4分 师傅很好", "满意", "👎 没修好"), or undefined. */
export function parseRating(text: string): { score: number; comment?: string } | undefined {
  const n = /^([1-5])\s*(?:分|星)?(?:\s+|[,，。!！]|$)(.*)$/s.exec(text);
  if (n) return { score: Number(n[1]), comment: n[2]!.trim() || undefined };
  for (const [re, score] of RATING_WORDS) {
    const m = re.exec(text);
    if (m)
      return {
        score,
        comment:
          text
            .slice(m[0].length)
            // "挺好的 谢谢师傅", "一般般吧 来得有点慢": the rest of the rating word is not the comment
            .replace(/^[的了啦吧呀啊哈般]*[\s,，。!！]*/, '')
            .trim() || undefined,
      };
  }
  return undefined;
}

/** The owner's ticket waiting for this answer, newest first. */
async function pending(
  ctx: ChatContext,
  state: 'completed' | 'quoted' | Array<'completed' | 'handled'>,
): Promise<Ticket | undefined> {
  if (!ctx.actor?.personId) return undefined;
  // the open-ticket mirror (sized by open work; these states are open), not every ticket ever
  const t = await OpenTicket.findOne({
    reporterId: ctx.actor.personId,
    state: Array.isArray(state) ? { $in: state } : state,
  })
    .sort({ completedAt: -1, updatedAt: -1 })
    .lean<Ticket>();
  return t ?? undefined;
}

/**
 * A finished ticket the owner was linked to (same problem reported by a neighbour first) that
 * they have not rated yet, newest first.
 */
async function pendingLinked(ctx: ChatContext): Promise<Ticket | undefined> {
  if (!ctx.actor?.personId) return undefined;
  const me = ctx.actor.personId;
  const since = new Date(ctx.msg.at.getTime() - ctx.services.config.rating.linkedWithin);
  const found = await TicketModel.find({
    'linked.personId': me,
    state: { $in: LINKED_RATABLE },
    completedAt: { $gte: since },
  })
    .sort({ completedAt: -1 })
    .limit(5)
    .lean<Ticket[]>();
  return found.find((t) => !t.linked?.find((l) => String(l.personId) === me)?.rating?.score);
}

/**
 * A reply to "please rate": 1–5, 满意/一般/不满意, 👍/👎, with an optional comment; or a rating in
 * words anywhere in the reply ("挺满意的，给五星"), taken only while a rating is awaited, within
 * rating.linkedWithin of completion.
 */
export const rating = command<{ score: number; comment?: string; loose?: boolean }>({
  name: 'rating',
  match: ({ text }) => {
    const strict = parseRating(text);
    if (strict) return strict;
    const loose = readRatingWords(text);
    return loose && { ...loose, loose: true };
  },
  async handle(ctx, p) {
    if (!ctx.isResident) return false;
    let own = await pending(ctx, ['completed', 'handled']);
    const linked = await pendingLinked(ctx);
    const since = ctx.msg.at.getTime() - ctx.services.config.rating.linkedWithin;
    if (p.loose && own && (own.completedAt ?? own.updatedAt ?? new Date(0)).getTime() < since)
      own = undefined;
    const { tickets, config } = ctx.services;
    const low = isUnsatisfied(p.score, config.rating);
    if (linked && (!own || (linked.completedAt ?? 0) > (own.completedAt ?? 0))) {
      await tickets.fire(ctx.actor!, linked.number, 'rate_linked', { score: p.score, comment: p.comment });
      const key = low ? 'owner.rated_linked_low' : 'owner.rated_linked';
      return void (await ctx.say(key, { number: linked.number, score: p.score }, { private: true }));
    }
    const t = own;
    if (!t) return false;
    const opts = { private: true, ticketNumber: t.number };
    if (t.kind === 'complaint') {
      // asked after handling whether they are satisfied: their answer is the callback, by chat
      const done = await tickets.fire(ctx.actor!, t.number, 'callback', {
        satisfied: !low,
        method: 'chat',
        note: p.comment,
      });
      const key = !low
        ? 'owner.complaint_satisfied'
        : done.state === 'escalated'
          ? 'owner.complaint_escalated'
          : 'owner.complaint_filed';
      return void (await ctx.say(key, { number: t.number }, opts));
    }
    await tickets.fire(ctx.actor!, t.number, 'rate', { score: p.score, comment: p.comment });
    await ctx.say(low ? 'owner.rated_low' : 'owner.rated', { number: t.number, score: p.score }, opts);
  },
});

const QUOTE_NO = /不同意|不接受|拒绝|不修了|不修|不要修|不用修|先不修|不弄了/;
const QUOTE_HAGGLE = /贵|便宜|少点|少一点|打折|优惠|能不能少/;
const QUOTE_YES = /同意|接受|可以修|修吧|那就修|没问题|确认|行吧|好吧|可以的|^(?:好的?|行|可以|ok)$/i;

/**
 * Pure: the owner's answer to the fee of a non-standard repair. A refusal wins ("不同意"); then
 * an agreement anywhere ("算了，同意吧"); bargaining ("这么贵？能不能便宜点") is neither (the
 * owner is told how to answer); "算了" / "太贵了" alone decline.
 */
export function readQuoteAnswer(
  text: string,
): { agree: boolean; note?: string } | { unsure: true } | undefined {
  const t = text.trim();
  const note = t.length > 2 && t.length <= 60 ? t : undefined;
  if (QUOTE_NO.test(t)) return { agree: false, note };
  if (QUOTE_YES.test(t) && !/[?？吗]/.test(t)) return { agree: true, note };
  if (/^(算了|太贵了?)[\s,，。.!！]*$/.test(t))
    return { agree: false, note: t.startsWith('太贵') ? t : undefined };
  if (QUOTE_HAGGLE.test(t)) return { unsure: true };
  return undefined;
}

/** The owner accepts or declines the fee of a non-standard repair (同意 / 不同意). */
export const quoteAnswer = command<{ agree: boolean; note?: string } | { unsure: true }>({
  name: 'quote-answer',
  match: ({ text }) => readQuoteAnswer(text),
  async handle(ctx, p) {
    if (!ctx.isResident) return false;
    const t = await pending(ctx, 'quoted');
    if (!t) return false;
    if ('unsure' in p) {
      const amount = t.quote?.amount;
      return void (await ctx.say('owner.quote_unsure', { number: t.number, amount }, { private: true }));
    }
    const next = await ctx.services.tickets.fire(ctx.actor!, t.number, 'agree_quote', p);
    await ctx.say(
      p.agree ? 'owner.quote_agreed' : 'owner.quote_declined',
      { number: next.number },
      {
        private: true,
        ticketNumber: next.number,
      },
    );
  },
});

/** An owner calling off their order: "不用来了 下水道我自己通好了", "取消报修 BX…". */
const WITHDRAW =
  /不用来了|不用过来了|不要来了|别来了|不用修了|不需要修了|不修了|自己(?:修|通|弄|搞|处理)好了|取消(?:一下)?(?:那个|这个|我的|刚才的?)?(?:单子?|报修|工单|订单|维修|预约)|撤销(?:报修|工单)/;

/** Until the worker is at the door the owner may call the order off; the worker and the desk are told. */
const OWNER_CANCELLABLE: readonly string[] = [
  'received',
  'dispatched',
  'accepted',
  'awaiting_quote',
  'quoted',
];

/** The front desk's phone as a clause, when the community has one. */
async function deskPhone(ctx: ChatContext): Promise<string> {
  const community = ctx.actor?.communityId
    ? await Community.findById(ctx.actor.communityId, { phone: 1 }).lean()
    : undefined;
  return community?.phone ? ctx.t('owner.desk_phone', { phone: community.phone }) : '';
}

export const withdraw = command<{ number?: string; note: string }>({
  name: 'withdraw',
  match: ({ text }) =>
    text.length <= 80 && WITHDRAW.test(text) ? { number: findTicketNumber(text), note: text } : undefined,
  async handle(ctx, p) {
    if (!ctx.isResident || !ctx.actor?.personId) return false;
    const { tickets } = ctx.services;
    const open = await tickets.list(ctx.actor, {
      reporter: ctx.actor.personId,
      state: OPEN_STATES.join(','),
      pageSize: 10,
    });
    const t = p.number
      ? open.items.find((x) => x.number === p.number)
      : open.items.find((x) => WORK_KINDS.includes(x.kind));
    if (!t) return false;
    const opts = { private: true, ticketNumber: t.number };
    const note = p.note.slice(0, 500);
    const worker = t.assigneeName ?? ctx.t('notice.the_desk');
    if (t.state === 'on_site') {
      // the worker is at the door: they and the desk hear it; the desk cancels once the worker confirms
      await tickets.fire(ctx.actor, t.number, 'note', { note, withdrawRequest: true });
      const phone = await deskPhone(ctx);
      return void (await ctx.say('owner.withdraw_requested', { number: t.number, worker, phone }, opts));
    }
    if (!OWNER_CANCELLABLE.includes(t.state)) {
      const phone = await deskPhone(ctx);
      return void (await ctx.say('owner.withdraw_too_late', { number: t.number, worker, phone }, opts));
    }
    await tickets.fire(ctx.actor, t.number, 'cancel', { note });
    await ctx.say(
      t.assigneeName ? 'owner.withdrawn_told' : 'owner.withdrawn',
      { number: t.number, worker },
      opts,
    );
  },
});

/** The owner's newest open report, if made within `withinMs` (the open-ticket mirror: bounded). */
export async function latestOpenReport(ctx: ChatContext, withinMs?: number): Promise<Ticket | undefined> {
  if (!ctx.actor?.personId) return undefined;
  const t = await OpenTicket.findOne({ reporterId: ctx.actor.personId })
    .sort({ createdAt: -1 })
    .lean<Ticket>();
  if (!t) return undefined;
  if (withinMs !== undefined && ctx.msg.at.getTime() - (t.createdAt?.getTime() ?? 0) > withinMs)
    return undefined;
  return t;
}

/** 补充 …: the owner adds to their newest open report (or to the one numbered). */
export const addDetail = command<{ number?: string; note: string }>({
  name: 'add-detail',
  match: ({ text }) => {
    const m = /^(?:补充|追加|补充说明|再补充)(?:一下|一点|下)?[\s:：,，]*(.+)$/s.exec(text);
    if (!m) return undefined;
    const number = findTicketNumber(m[1]!);
    const note = (number ? m[1]!.replace(number, '') : m[1]!).replace(/^[\s:：,，]+/, '').trim();
    return note ? { number, note } : undefined;
  },
  async handle(ctx, p) {
    if (!ctx.isResident || !ctx.actor) return false;
    const t = p.number ? await ctx.services.tickets.get(ctx.actor, p.number) : await latestOpenReport(ctx);
    if (!t) return false;
    await ctx.services.tickets.fire(ctx.actor, t.number, 'add_detail', { note: p.note.slice(0, 500) });
    await ctx.say('owner.detail_added', { number: t.number }, { private: true, ticketNumber: t.number });
  },
});

/**
 * An owner's message naming one of their orders with something more ("BX… 能改到周六上午吗",
 * "BX…，来之前先打电话"): about that order, never a new report. Tried after every other command
 * (补充, 取消 BX…, a rating), so it only takes what none of them did. An open order gets it as a
 * detail (a time as the owner's wish for the visit); a finished one is shown as it stands.
 */
export const ticketNote = command<{ number: string; note: string }>({
  name: 'ticket-note',
  match: ({ text }) => {
    const number = findTicketNumber(text);
    if (!number) return undefined;
    const note = withoutTicketNumber(text)
      .replace(/^[\s:：,，。]+|[\s,，]+$/g, '')
      .trim();
    return contentChars(note).length >= 2 ? { number, note } : undefined;
  },
  async handle(ctx, p) {
    if (!ctx.isResident || !ctx.actor) return false;
    const { tickets } = ctx.services;
    const t = await tickets.get(ctx.actor, p.number);
    const opts = { private: true, ticketNumber: t.number };
    if (!OPEN_STATES.includes(t.state) || DONE_STATES.includes(t.state))
      return void (await ctx.reply(line(ctx, t), opts));
    const note = withoutTicketNumber(ctx.original)
      .replace(/^[\s:：,，。]+/, '')
      .trim()
      .slice(0, 500);
    await tickets.fire(ctx.actor, t.number, 'add_detail', { note });
    const when = parseAppointment(p.note, ctx.msg.at, ctx.services.config.timezone);
    if (when.ok && !when.asap)
      await ctx.say('owner.time_wish_passed_on', { number: t.number, text: note }, opts);
    else await ctx.say('owner.detail_added', { number: t.number }, opts);
  },
});

/**
 * A message the bot could not read, sent within `bot.addDetailWithin` of the owner's last report
 * ("在4栋2单元门口", "是厨房那个水龙头"): added to that report, and the owner told so (with how to
 * report something new instead).
 */
export async function addToJustReported(ctx: ChatContext, text: string): Promise<boolean> {
  const note = text.trim();
  if (!ctx.actor || !note || note.length > 200) return false;
  const t = await latestOpenReport(ctx, ctx.services.config.bot.addDetailWithin);
  if (!t) return false;
  const opts = { private: true, ticketNumber: t.number };
  // "确认", "对": a yes to a summary already confirmed (or never shown, an urgent report) adds nothing
  if (saysYes(ctx.text)) {
    await ctx.say('owner.just_reported_ok', { number: t.number }, opts);
    return true;
  }
  if (note.length < 2) return false;
  await ctx.services.tickets.fire(ctx.actor, t.number, 'add_detail', { note });
  // "不对，改成明天上午", "尽快": a wish for the visit, passed on; the worker agrees it with the owner
  const when = parseAppointment(ctx.text, ctx.msg.at, ctx.services.config.timezone);
  if (when.ok && (!when.asap || ctx.text.length <= 8))
    await ctx.say('owner.time_wish_passed_on', { number: t.number, text: note }, opts);
  else await ctx.say('owner.detail_added_guess', { number: t.number }, opts);
  return true;
}
