import { DateTime } from 'luxon';
import { LANGUAGES } from '../../config/schema.js';
import type { Role } from '../../domain/roles.js';
import { OVERDUE_FIELDS } from '../../domain/sla.js';
import {
  AWAITING_CALLBACK,
  DISPATCHABLE,
  IN_PROGRESS_STATES,
  OPEN_STATES,
} from '../../domain/ticket-states.js';
import { translator } from '../../i18n.js';
import { placeOf } from '../../scheduler/context.js';
import type { ListTicketsQuery } from '../../services/schemas.js';
import type { Ticket } from '../../services/ticket-service.js';
import { command } from '../command.js';
import type { ChatContext } from '../context.js';
import { formatWhen, formatWindow } from '../format.js';
import { setFocus } from '../ticket-focus.js';
import { findTicketNumber, withoutTicketNumber } from '../text/ticket-ref.js';

export type DeskQuery =
  { query: 'today' | 'overdue' | 'undispatched' | 'open' | 'callback' } | { query: 'detail'; number: string };

type ListQuery = Exclude<DeskQuery['query'], 'detail'>;
/** Tried in this order: "待回访" before "在办", "超时" before the rest. */
const LISTS: readonly ListQuery[] = ['callback', 'undispatched', 'overdue', 'today', 'open'];

/** Who follows the work of a zone or more in chat (their scope decides what they see). */
export const DESK_CHAT_ROLES: readonly Role[] = [
  'zone_manager',
  'front_desk',
  'cs_supervisor',
  'dept_supervisor',
  'director',
  'head_office',
];

/** How many tickets one answer lists (the rest are counted). */
const LIST_MAX = 15;

const PUNCTUATION = /[\s,，。.!！?？~～:：、]/g;
const escape = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A "|" list of words of every language as one alternation, longest first. */
function alternation(key: string): string {
  const all = new Set<string>();
  for (const lng of LANGUAGES)
    // without spaces, as the text is read ("in progress" matches "inprogress")
    for (const w of translator(lng)(key).split('|'))
      if (w.trim()) all.add(w.replace(PUNCTUATION, '').toLowerCase());
  return [...all]
    .sort((a, b) => b.length - a.length)
    .map(escape)
    .join('|');
}

interface Words {
  cores: Array<{ query: DeskQuery['query']; re: RegExp }>;
  filler: RegExp;
}
let words: Words | undefined;
function wordTable(): Words {
  return {
    cores: [...LISTS, 'detail' as const].map((query) => ({
      query,
      re: new RegExp(alternation(`desk.words.${query}`)),
    })),
    filler: new RegExp(`(?:${alternation('desk.words.filler')})`, 'g'),
  };
}

/**
 * What a text asks when it is one query word (`desk.words.<query>`) and nothing but everyday
 * filler around it (`desk.words.filler`: 请, 看看, 有没有, 的, 工单, 吗…): "有没有超时的",
 * "今天有啥单", "待派的单子". Anything more is not a query.
 */
function queryIn(text: string): DeskQuery['query'] | undefined {
  words ??= wordTable();
  const bare = text.replace(PUNCTUATION, '').toLowerCase();
  for (const { query, re } of words.cores) {
    const m = re.exec(bare);
    if (!m) continue;
    const rest = (bare.slice(0, m.index) + ' ' + bare.slice(m.index + m[0].length)).replace(words.filler, '');
    if (!rest.trim()) return query;
  }
  return undefined;
}

/**
 * Pure: a desk query in a message: 今天的工单, 超时的, 待派单, 在办的, 待回访, or a ticket's
 * details ("BX… 详情", "查一下 BX…", "BX… 啥情况", the number alone).
 */
export function parseDeskQuery(text: string): DeskQuery | undefined {
  words ??= wordTable();
  const number = findTicketNumber(text);
  if (number) {
    const rest = withoutTicketNumber(text).replace(PUNCTUATION, '').toLowerCase();
    const bare = rest.replace(words.filler, '');
    return !bare || queryIn(rest) === 'detail' ? { query: 'detail', number } : undefined;
  }
  const q = queryIn(text);
  return q && q !== 'detail' ? { query: q } : undefined;
}

/** The first deadline of an open ticket that has passed, if any. */
function lateBy(t: Ticket, now: Date): { field: string; at: Date } | undefined {
  for (const field of OVERDUE_FIELDS) {
    const at = t.sla?.[field];
    if (at && at < now) return { field, at };
  }
  return undefined;
}

async function line(ctx: ChatContext, t: Ticket, now: Date): Promise<string> {
  const late = OPEN_STATES.includes(t.state) ? lateBy(t, now) : undefined;
  return ctx.t('desk.line', {
    number: t.number,
    kind: ctx.t(`ticket.kind.${t.kind}`),
    state: ctx.t(`ticket.state.${t.state}`),
    place: await placeOf(t),
    summary: t.description.slice(0, 24),
    assignee: t.assigneeName
      ? ctx.t('desk.assignee', { name: t.assigneeName })
      : inPool(t)
        ? ctx.t('desk.pool')
        : '',
    late: late
      ? ctx.t('desk.late', {
          what: ctx.t(`desk.deadline.${late.field}`),
          since: formatWhen(ctx.t, late.at, ctx.services.config.timezone),
        })
      : '',
  });
}

/** Sent to the department's pool and grabbed by nobody yet: no worker has it. */
const inPool = (t: Ticket) => t.state === 'dispatched' && !t.assigneeId;

interface Part {
  filter: ListTicketsQuery;
  /** Kept of what the filter found (read whole: the list service has no "nobody assigned"). */
  keep?: (t: Ticket) => boolean;
}

/** The ticket service's queries a list is made of (domain.md, the work-order life cycle). */
function partsFor(ctx: ChatContext, q: ListQuery, now: Date): Part[] {
  if (q === 'overdue') return [{ filter: { overdue: 'true' } }];
  // repairs and calls for help wait for a worker (other kinds are answered, not dispatched):
  // not dispatched yet, or in the department's pool with nobody having grabbed them
  if (q === 'undispatched')
    return DISPATCHABLE.flatMap((kind) => [
      { filter: { state: 'received', kind } },
      {
        filter: { state: 'dispatched', kind, pageSize: ctx.services.config.http.maxPageSize },
        keep: inPool,
      },
    ]);
  // 在办: still being worked on; done ones wait for their callback (待回访) or their close
  if (q === 'open') return [{ filter: { state: IN_PROGRESS_STATES.join(',') } }];
  // 回访 within one working day of completion (seed 002): done, not yet called back
  if (q === 'callback') return [{ filter: { state: AWAITING_CALLBACK.join(',') } }];
  const dayStart = DateTime.fromJSDate(now).setZone(ctx.services.config.timezone).startOf('day');
  return [{ filter: { from: dayStart.toJSDate() } }];
}

async function list(ctx: ChatContext, q: ListQuery): Promise<void> {
  const now = ctx.msg.at;
  const pages = await Promise.all(
    partsFor(ctx, q, now).map(async ({ filter, keep }) => {
      const page = await ctx.services.tickets.list(ctx.actor!, { pageSize: LIST_MAX, ...filter });
      if (!keep) return page;
      const items = page.items.filter(keep);
      return { items, total: items.length };
    }),
  );
  const items = pages
    .flatMap((p) => p.items)
    .sort((a, b) => +b.createdAt - +a.createdAt)
    .slice(0, LIST_MAX);
  const total = pages.reduce((n, p) => n + p.total, 0);
  const opts = { private: ctx.inGroup };
  if (!total) return void (await ctx.say(`desk.none.${q}`, {}, opts));
  if (items.length === 1) setFocus(ctx, items[0]!.number);
  const lines = await Promise.all(items.map((t) => line(ctx, t, now)));
  const more = total > items.length ? `\n${ctx.t('desk.more', { count: total - items.length })}` : '';
  const hint = q === 'today' || q === 'open' ? '' : `\n${ctx.t(`desk.hint.${q}`)}`;
  await ctx.reply(`${ctx.t(`desk.title.${q}`, { count: total })}\n${lines.join('\n')}${more}${hint}`, opts);
}

async function detail(ctx: ChatContext, number: string): Promise<void> {
  const { tickets, config } = ctx.services;
  const t = await tickets.get(ctx.actor!, number);
  const now = ctx.msg.at;
  const when = (d: Date | null | undefined) => formatWhen(ctx.t, d, config.timezone);
  const events = (await tickets.timeline(t, { reminders: false }))
    .filter((e) => e.event !== 'remind') // recorded as events before the reminder log
    .slice(-3)
    .map((e) =>
      ctx.t(e.note ? 'desk.detail.event_note' : 'desk.detail.event', {
        at: when(e.at),
        who:
          e.actorKind === 'system' && (!e.actorName || e.actorName === 'system')
            ? ctx.t('desk.detail.system')
            : (e.actorName ?? ''),
        what: ctx.t(`console.event.${e.event}`),
        note: e.note?.slice(0, 40),
      }),
    );
  const late = OPEN_STATES.includes(t.state) ? lateBy(t, now) : undefined;
  const rows = [
    ctx.t('desk.detail.head', {
      number: t.number,
      kind: ctx.t(`ticket.kind.${t.kind}`),
      category: t.category ? ctx.t(`category.${t.category}`) : '',
    }),
    ctx.t('desk.detail.state', {
      state: ctx.t(`ticket.state.${t.state}`),
      late: late
        ? ctx.t('desk.late', { what: ctx.t(`desk.deadline.${late.field}`), since: when(late.at) })
        : '',
    }),
    ctx.t('desk.detail.place', { place: await placeOf(t) }),
    ctx.t('desk.detail.content', { description: t.description.slice(0, 200) }),
    ctx.t('desk.detail.reporter', {
      name: t.reporterName ?? ctx.t('desk.detail.nobody'),
      phone: t.phone ?? '',
      linked: t.linked?.length ? ctx.t('desk.detail.linked', { count: t.linked.length }) : '',
    }),
    ctx.t('desk.detail.assignee', {
      name: t.assigneeName ?? (inPool(t) ? ctx.t('desk.pool') : ctx.t('desk.detail.nobody')),
    }),
    ctx.t('desk.detail.created', { at: when(t.createdAt) }),
    // the window as the owner agreed it ("14:00以后", "14:00-16:00"), not only its start
    ...(t.appointment?.from
      ? [
          ctx.t('desk.detail.appointment', {
            at: formatWindow(ctx.t, t.appointment.from, t.appointment.to, config.timezone),
          }),
        ]
      : []),
    ...(events.length ? [ctx.t('desk.detail.events'), ...events] : []),
  ];
  setFocus(ctx, t.number);
  const hint =
    (t.state === 'received' && DISPATCHABLE.includes(t.kind)) || inPool(t)
      ? `\n${ctx.t('desk.hint.undispatched')}`
      : AWAITING_CALLBACK.includes(t.state)
        ? `\n${ctx.t('desk.hint.callback')}`
        : '';
  await ctx.reply(`${rows.join('\n')}${hint}`, { private: ctx.inGroup, ticketNumber: t.number });
}

/**
 * 今天的工单 / 超时的 / 待派单 / 在办的 / 待回访 / BX… 详情 for those who follow a zone's work
 * (a zone manager: their zones; the desk: the community); the lists are the ticket service's,
 * so each sees only their scope. Asked in a group (an owners' group
 * too, when the bot is addressed), the answer goes privately.
 */
export const deskQueries = command<DeskQuery>({
  name: 'desk-query',
  roles: DESK_CHAT_ROLES,
  places: ['direct', 'staff', 'department', 'owners'],
  match: ({ text }) => parseDeskQuery(text),
  async handle(ctx, q) {
    if (q.query === 'detail') return void (await detail(ctx, q.number));
    await list(ctx, q.query);
  },
});
