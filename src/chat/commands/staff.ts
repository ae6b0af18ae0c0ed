import { ChatIdentity, Person } from '../../data/models/index.js';
import { AppError } from '../../domain/errors.js';
import { LANGUAGES } from '../../config/schema.js';
import { OPEN_STATES, type TicketEventName } from '../../domain/ticket-states.js';
import { translator } from '../../i18n.js';
import { CHAT_EVENTS, eventDef } from '../../ticket-events/index.js';
import type { Ticket } from '../../services/ticket-service.js';
import { findStaffNamed } from '../../../flows/staff-names.js';
import { command } from '../command.js';
import type { ChatContext } from '../context.js';
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
type Verb = TicketEventName | 'mine' | 'assign';

export interface StaffCommand {
  verb: Verb;
  number?: string;
  rest: string;
}

/** Pure: the staff command in a message (quoting the dispatch message names its ticket). */
const COURTESY = /^(?:好的?|收到|嗯+|ok|马上到|马上|这就去|没问题)[\s,，。!！]+|^(?:收到|好的)(?=我)/i;

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
  // "收到 我接了", "马上到 接单": a courtesy before the verb
  const lower = body.replace(COURTESY, '').toLowerCase();
  const hit = verbs.find(({ word }) => lower.startsWith(word.toLowerCase()));
  if (!hit) return undefined;
  const after = body.replace(COURTESY, '').slice(hit.word.length);
  // a Latin verb must end at a word boundary ("noted" is not "note")
  if (/^[a-z]/i.test(hit.word) && /^[a-z]/i.test(after)) return undefined;
  const args = after.trim();
  const number = leadNumber ?? findTicketNumber(args) ?? (quote ? findTicketNumber(quote) : undefined);
  return { verb: hit.verb, number, rest: withoutTicketNumber(args) };
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

/** The verb as the reader says it (the first of its words), for prompts. */
const verbWord = (ctx: ChatContext, verb: Verb) => ctx.t(`verbs.${verb}`).split('|')[0]!;

async function mentionedPerson(ctx: ChatContext, rest: string) {
  for (const contactId of ctx.msg.mentionIds) {
    const identity = await ChatIdentity.findOne({ platform: ctx.msg.platform, contactId }).lean();
    if (identity?.personId) {
      const p = await Person.findById(identity.personId, { name: 1 }).lean();
      if (p) return { id: String(p._id), name: p.name };
    }
  }
  const at = /@(\S+)/.exec(rest);
  return findStaffNamed(ctx.actor!.communityId!, at ? at[1]! : rest);
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
    if (!ctx.isStaff) return c.number ? void (await ctx.say('chat.staff_only')) : false;
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
    let number = c.number;
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
    let ticket: Ticket;
    try {
      const step = def.chat!.via?.[current.state];
      if (step) await tickets.fire(actor, number, step, {});
      ticket = await tickets.fire(actor, number, verb, parsed.input);
    } catch (err) {
      if (verb === 'accept' && err instanceof AppError && err.code !== 'ticket_not_found') {
        const current = await tickets.get(actor, number).catch(() => undefined);
        if (
          current?.assigneeId &&
          String(current.assigneeId) !== actor.personId &&
          current.state !== 'dispatched'
        )
          return void (await ctx.say('staff.taken', { number, name: current.assigneeName ?? '' }));
      }
      throw err;
    }
    setFocus(ctx, ticket.number);
    const assigned = (verb === 'dispatch' || verb === 'transfer') && ticket.assigneeName;
    await ctx.say(
      assigned ? 'staff.assigned' : 'staff.done',
      {
        number: ticket.number,
        state: ctx.t(`ticket.state.${ticket.state}`),
        name: ticket.assigneeName ?? '',
      },
      { ticketNumber: ticket.number },
    );
  },
});

/** "派给 老张" / "转给 孙师傅": a dispatch while the order waits for one, else a transfer. */
const assignmentEvent = (t: Ticket): TicketEventName => (t.state === 'received' ? 'dispatch' : 'transfer');
