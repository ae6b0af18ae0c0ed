import { LANGUAGES } from '../../config/schema.js';
import { OPEN_STATES, type TicketEventName } from '../../domain/ticket-states.js';
import { translator } from '../../i18n.js';
import { CHAT_EVENTS } from '../../ticket-events/index.js';
import { command } from '../command.js';
import { pickAndFire } from './staff-fire.js';
import { splitQuote } from '../text/quote.js';
import { findTicketNumber, withoutTicketNumber } from '../text/ticket-ref.js';

/** The staff verbs of every language, longest first: `verbs.<event>` in the locales ("接单|抢单"). */
function verbTable(): Array<{ word: string; verb: Verb }> {
  const table: Array<{ word: string; verb: Verb }> = [];
  const verbs: Verb[] = ['mine', ...CHAT_EVENTS.map((d) => d.name)];
  for (const lng of LANGUAGES) {
    const t = translator(lng);
    for (const verb of verbs)
      for (const word of t(`verbs.${verb}`).split('|'))
        if (word.trim()) table.push({ word: word.trim(), verb });
  }
  return table.sort((a, b) => b.word.length - a.word.length);
}
let verbs: Array<{ word: string; verb: Verb }> | undefined;
export type Verb = TicketEventName | 'mine';

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

export function parseStaffCommand(text: string): StaffCommand | undefined {
  const { quote, body } = splitQuote(text);
  verbs ??= verbTable();
  const quoted = quote ? findTicketNumber(quote) : undefined;
  // "收到 我接了", "马上到 接单": a courtesy before the verb
  const start = verbAtStart(body.replace(COURTESY, ''));
  if (start) {
    const args = start.after.trim();
    const number = findTicketNumber(args) ?? quoted;
    return { verb: start.verb, number, rest: withoutTicketNumber(args) };
  }
  // the number first: "BX… 修好了 换了阀门", "0003 退掉吧"
  const number = findTicketNumber(body) ?? quoted;
  const unnumbered = withoutTicketNumber(body);
  const short = number ? undefined : SHORT_REF.exec(unnumbered)?.[1];
  const plain = (short ? unnumbered.slice(short.length) : unnumbered).trim();
  const bare = plain.replace(PUNCT, '');
  const shortRef = short?.padStart(4, '0');
  const { whole, lead: leading } = ackPatterns();
  if (bare && whole.test(bare))
    return { verb: 'accept', number, shortRef, rest: '', soft: true, loose: true };
  const words = plain.replace(leading, '');
  const lead = verbAtStart(words.replace(/^[\s,，。:：]+/, ''));
  if (lead && (number || shortRef || !body.startsWith(words)))
    return { verb: lead.verb, number, shortRef, rest: lead.after.trim(), loose: true };
  if (!number && !shortRef) return undefined;
  const inside = verbInside(words);
  return inside && { verb: inside.verb, number, shortRef, rest: inside.rest, loose: true };
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
        state: OPEN_STATES.join(','),
        pageSize: 20,
      });
      if (!page.items.length) return void (await ctx.say('staff.none_open'));
      const lines = page.items.map((t) =>
        ctx.t('staff.line', {
          number: t.number,
          state: ctx.t(`ticket.state.${t.state}`),
          place: t.location ?? '',
          summary: t.description.slice(0, 30),
        }),
      );
      return void (await ctx.reply(`${ctx.t('staff.mine', { count: page.total })}\n${lines.join('\n')}`));
    }
    return pickAndFire(ctx, { ...c, verb: c.verb });
  },
});
