import { LANGUAGES } from '../../config/schema.js';
import { Person } from '../../data/models/index.js';
import { placeOf } from '../../scheduler/context.js';
import { hasSkillFor, needsSkill } from '../understanding/labels.js';
import { IN_PROGRESS_STATES, type TicketEventName } from '../../domain/ticket-states.js';
import { translator } from '../../i18n.js';
import { CHAT_EVENTS } from '../../ticket-events/index.js';
import { command } from '../command.js';
import { candidates as ordersFor, mentionedPerson, pickAndFire } from './staff-fire.js';
import type { ChatContext } from '../context.js';
import type { Ticket } from '../../services/ticket-service.js';
import { eventDef } from '../../ticket-events/index.js';

/** The verb as the reader says it (the first of its words), for prompts. */
const verbWord = (ctx: ChatContext, verb: Verb) => ctx.t(`verbs.${verb}`).split('|')[0]!;
import { splitQuote } from '../text/quote.js';
import { findTicketNumber, withoutTicketNumber } from '../text/ticket-ref.js';
import { focusOf, setFocus } from '../ticket-focus.js';

/** The staff verbs of every language, longest first: `verbs.<event>` in the locales ("接单|抢单"). */
function verbTable(): Array<{ word: string; verb: Verb }> {
  const table: Array<{ word: string; verb: Verb }> = [];
  const verbs: Verb[] = ['mine', 'assign', ...CHAT_EVENTS.map((d) => d.name)];
  for (const lng of LANGUAGES) {
    const t = translator(lng);
    for (const verb of verbs)
      for (const word of t(`verbs.${verb}`).split('|'))
        if (word.trim()) table.push({ word: word.trim(), verb });
  }
  return table.sort((a, b) => b.word.length - a.word.length);
}
let verbs: Array<{ word: string; verb: Verb }> | undefined;
/** `assign` ("派给 老张", "转给 孙师傅"): this person does it, a dispatch or a transfer by the state. */
export type Verb = TicketEventName | 'mine' | 'assign';

export interface StaffCommand {
  verb: Verb;
  number?: string;
  rest: string;
  /** Only the last digits of the number ("0003这个…"): one of the speaker's own orders. */
  shortRef?: string;
  /** A plain "收到" / "好的马上去": an acceptance only when an order waits for one. */
  soft?: boolean;
  /** Read from everyday words (number first, verb later): never interrupts a flow, staff only. */
  loose?: boolean;
}

/** Pure: the staff command in a message (quoting the dispatch message names its ticket). */
const COURTESY = /^(?:好的?|收到|嗯+|ok|马上到|马上|这就去|没问题)[\s,，。!！]+|^(?:收到|好的)(?=我)/i;
const PUNCT = /[\s,，。.!！~～、…]+/g;
/** A short reference first: "0003这个我今天去不了". */
const SHORT_REF = /^(\d{3,4})(?!\d|\s*(?:元|块|号楼|栋|幢|单元))/;

/** When a worker says they will come, and nothing else: "明天过去", "下午2点到", "晚点就去". */
const WHEN_COMING = new RegExp(
  '^(?:(?:今天|明天|后天|今晚|明早|明晚|早上|上午|中午|下午|晚上|待会儿?|一会儿?|等会儿?|等下|等一下|晚点|稍后|' +
    '\\d{1,2}点(?:半|\\d{1,2}分?)?|[零一二两三四五六七八九十]{1,3}点半?|左右|前后|之前|以前|我|再|就)+)' +
    '(?:过去|过来|去|到|来|上门)(?:了|吧|哈|啊|哦|呢)*$',
);

let acks: { whole: RegExp; lead: RegExp } | undefined;
/** "收到", "好的马上去", "收到收到 马上到": acknowledgements (`acks` in the locales), whole or leading. */
function ackPatterns(): { whole: RegExp; lead: RegExp } {
  if (acks) return acks;
  const words = new Set<string>();
  for (const lng of LANGUAGES)
    for (const w of translator(lng)('acks').split('|'))
      if (w.trim()) words.add(w.replace(/\s+/g, '').toLowerCase());
  const alt = [...words]
    .sort((a, b) => b.length - a.length)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|');
  const one = `(?:${alt})(?:了|啦|哈|嘞|的|哦|呀|啊|吧)*`;
  return (acks = {
    whole: new RegExp(`^(?:${one})+$`, 'i'),
    lead: new RegExp(`^(?:${one}[\\s,，。!！~～]*)+`, 'i'),
  });
}

/** The verb at the start of the text, and what follows it. */
function verbAtStart(text: string): { verb: Verb; after: string } | undefined {
  const lower = text.toLowerCase();
  const hit = verbs!.find(({ word }) => lower.startsWith(word.toLowerCase()));
  if (!hit) return undefined;
  const after = text.slice(hit.word.length);
  // a Latin verb must end at a word boundary ("noted" is not "note")
  if (/^[a-z]/i.test(hit.word) && /^[a-z]/i.test(after)) return undefined;
  return { verb: hit.verb, after };
}

/** The first verb anywhere in the text ("BX… 电梯 报价120", "…今天去不了 退掉吧"). */
function verbInside(text: string): { verb: Verb; rest: string } | undefined {
  const lower = text.toLowerCase();
  let best: { at: number; word: string; verb: Verb } | undefined;
  for (const { word, verb } of verbs!) {
    if (/^[a-z]/i.test(word)) continue;
    const at = lower.indexOf(word.toLowerCase());
    if (at >= 0 && (!best || at < best.at)) best = { at, word, verb };
  }
  if (!best) return undefined;
  const rest = `${text.slice(0, best.at)} ${text.slice(best.at + best.word.length)}`;
  const said = rest.replace(/(^|\s)[吧啊呀了哈]+(?=\s|$)/g, ' ');
  return { verb: best.verb, rest: said.replace(/\s+/g, ' ').trim() };
}

/** After the verb, a number's serial as printed: four digits, the first a 0 ("回访 0003 满意"). */
const VERB_SHORT_REF = /^(0\d{3})(?![\d.])/;
/** "BX20261203-0002 派给老张": the number said before the verb. */
const LEADING_NUMBER = /^\s*[a-z]{2}\s?\d{8}-?\d{4}\b[\s,，:：]*/i;
/** "这个单派给老张": the ticket just looked at, before the verb. */
const THIS_ONE = /^(?:这个单子?|这张单子?|这单|这个|此单)[\s,，]*/;

export function parseStaffCommand(text: string): StaffCommand | undefined {
  const split = splitQuote(text);
  const quote = split.quote;
  let body = split.body;
  const lead = LEADING_NUMBER.exec(body);
  const leadNumber = lead ? findTicketNumber(lead[0]) : undefined;
  if (leadNumber) body = body.slice(lead![0].length);
  else body = body.replace(THIS_ONE, '');
  verbs ??= verbTable();
  const quoted = quote ? findTicketNumber(quote) : undefined;
  // "收到 我接了", "马上到 接单": a courtesy before the verb
  const start = verbAtStart(body.replace(COURTESY, ''));
  if (start) {
    const args = start.after.trim();
    const number = leadNumber ?? findTicketNumber(args) ?? quoted;
    // "回访 0003 不满意": the serial of the number, zero-padded (never an amount such as "报价 120")
    const short = number ? undefined : VERB_SHORT_REF.exec(args)?.[1];
    // the number first ("BX… 修好了 …") reads like everyday words: it never interrupts a flow
    return {
      verb: start.verb,
      number,
      rest: short ? args.slice(short.length).trim() : withoutTicketNumber(args),
      ...(short ? { shortRef: short } : {}),
      ...(leadNumber ? { loose: true } : {}),
    };
  }
  // the number first: "BX… 修好了 换了阀门", "0003 退掉吧"
  const number = leadNumber ?? findTicketNumber(body) ?? quoted;
  const unnumbered = withoutTicketNumber(body);
  const short = number ? undefined : SHORT_REF.exec(unnumbered)?.[1];
  const plain = (short ? unnumbered.slice(short.length) : unnumbered).trim();
  const bare = plain.replace(PUNCT, '');
  const shortRef = short?.padStart(4, '0');
  const { whole, lead: leading } = ackPatterns();
  if (bare && whole.test(bare))
    return { verb: 'accept', number, shortRef, rest: '', soft: true, loose: true };
  const words = plain.replace(leading, '');
  // "收到 明天过去", "好的 下午两点到": an acknowledgement, then when they will come
  if (words !== plain && WHEN_COMING.test(words.replace(PUNCT, '')))
    return { verb: 'accept', number, shortRef, rest: '', soft: true, loose: true };
  const led = verbAtStart(words.replace(/^[\s,，。:：]+/, ''));
  if (led && (number || shortRef || !body.startsWith(words)))
    return { verb: led.verb, number, shortRef, rest: led.after.trim(), loose: true };
  if (!number && !shortRef) return undefined;
  const inside = verbInside(words);
  return inside && { verb: inside.verb, number, shortRef, rest: inside.rest, loose: true };
}

/**
 * The text after the verb as the staff member wrote it: only full-width letters, digits and
 * spaces made plain, so their punctuation and script reach the owner unchanged ("值班，周日休息"
 * is not sent as "值班,周日休息"). The matched text's rest when the original reads otherwise.
 */
export function writtenRest(original: string, c: StaffCommand): string {
  const plain = original
    .replace(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g, (ch) =>
      String.fromCharCode(ch.charCodeAt(0) - 0xfee0),
    )
    .replace(/[\s\u3000]+/g, ' ')
    .trim();
  const again = parseStaffCommand(plain);
  return again?.verb === c.verb ? again.rest : c.rest;
}

async function implied(ctx: ChatContext, verb: Verb): Promise<Ticket[] | undefined> {
  // "转给 小刘" by a worker: their one order, as 转单 would
  const event = verb === 'assign' ? 'transfer' : verb;
  const states = event === 'mine' ? undefined : eventDef(event).chat?.implied;
  if (!states) return undefined;
  const page = await ctx.services.tickets.list(ctx.actor!, {
    assignee: ctx.actor!.personId,
    state: states.join(','),
    pageSize: 10,
  });
  return page.items;
}

/**
 * 接单 / 抢单 / 到场 / 完工 … / 转单 @someone … / 退单 … / 备注 … / 我的工单 for workers;
 * 派单 and 报价 for supervisors; 跟进 and 回访 for zone managers. Every one goes through the
 * ticket service, whose guards decide; the answer is the new state or the reason why not.
 */
export const staffCommands = command<StaffCommand>({
  name: 'staff',
  match: ({ text }) => parseStaffCommand(text),
  async handle(ctx, c) {
    // an owner's message that only starts like a verb ("close the window…") is not a command
    if (!ctx.isStaff) return c.number && !c.loose ? void (await ctx.say('chat.staff_only')) : false;
    const { tickets } = ctx.services;
    const actor = ctx.actor!;
    if (c.verb === 'mine') {
      const page = await tickets.list(actor, {
        assignee: actor.personId,
        // still theirs to do: a completed order waits for the desk's callback, not for them
        state: IN_PROGRESS_STATES.join(','),
        pageSize: 20,
      });
      if (!page.items.length) return void (await ctx.say('staff.none_open'));
      const lines = await Promise.all(
        page.items.map(async (t) =>
          ctx.t('staff.line', {
            number: t.number,
            state: ctx.t(`ticket.state.${t.state}`),
            // an in-unit order has no location text: its building, entrance and room
            place: await placeOf(t),
            summary: t.description.slice(0, 30),
          }),
        ),
      );
      return void (await ctx.reply(`${ctx.t('staff.mine', { count: page.total })}\n${lines.join('\n')}`));
    }
    if (c.verb !== 'assign') return pickAndFire(ctx, { ...c, verb: c.verb });
    let number = c.number;
    if (!number && c.shortRef) {
      // "0005 派给 老张": the one open order of the speaker's scope with that serial
      const found = await ordersFor(ctx, 'transfer', c.shortRef);
      if (found.length !== 1)
        return void (await ctx.say('staff.which_ticket', { verb: verbWord(ctx, c.verb) }));
      number = found[0]!.number;
    }
    if (!number) {
      const candidates = await implied(ctx, c.verb);
      // else the ticket just looked at or acted on ("BX… 详情", then "派给 老张")
      number = candidates?.length === 1 ? candidates[0]!.number : focusOf(ctx);
      if (!number) return void (await ctx.say('staff.which_ticket', { verb: verbWord(ctx, c.verb) }));
    }
    const current = await tickets.get(actor, number);
    const verb = c.verb === 'assign' ? assignmentEvent(current) : c.verb;
    const def = eventDef(verb);
    const parsed = await def.chat!.parse({
      rest: c.rest,
      written: writtenRest(ctx.original, c),
      mentioned: () => mentionedPerson(ctx, c.rest),
      t: ctx.t,
      config: ctx.services.config,
    });
    if ('error' in parsed) return void (await ctx.say(parsed.error, parsed.params));
    // "派给" names who: never the department's pool because a name was not found
    const to = (parsed.input as { assigneeId?: string }).assigneeId;
    if (c.verb === 'assign' && !to) return void (await ctx.say('staff.who'));
    if (
      to &&
      current.assigneeId &&
      String(current.assigneeId) === to &&
      (verb === 'transfer' || verb === 'dispatch')
    )
      return void (await ctx.say('staff.already_assigned', { number, name: current.assigneeName ?? '' }));
    // a dispatch or a transfer (an acceptance goes through pickAndFire)
    const step = def.chat!.via?.[current.state];
    if (step) await tickets.fire(actor, number, step, {});
    const ticket = await tickets.fire(actor, number, verb, parsed.input);
    setFocus(ctx, ticket.number);
    await ctx.say(
      ticket.assigneeName ? 'staff.assigned' : 'staff.done',
      {
        number: ticket.number,
        state: ctx.t(`ticket.state.${ticket.state}`),
        name: ticket.assigneeName ?? '',
        unskilled: (await lacksSkill(ticket))
          ? ctx.t('staff.unskilled', { category: ticket.category, name: ticket.assigneeName })
          : '',
      },
      { ticketNumber: ticket.number },
    );
  },
});

/** A person named for an order of a topic without its skill (allowed: the desk knows its people; told). */
async function lacksSkill(t: Ticket): Promise<boolean> {
  if (!t.assigneeId || !needsSkill(t.category)) return false;
  const p = await Person.findById(t.assigneeId, { skills: 1 }).lean();
  return !!p && !hasSkillFor(p.skills, t.category);
}

/** "派给 老张" / "转给 孙师傅": a dispatch while the order waits for one, else a transfer. */
const assignmentEvent = (t: Ticket): TicketEventName => (t.state === 'received' ? 'dispatch' : 'transfer');
