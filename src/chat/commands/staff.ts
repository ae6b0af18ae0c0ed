import { ChatIdentity, Person } from '../../data/models/index.js';
import { AppError } from '../../domain/errors.js';
import { OPEN_STATES, type TicketState } from '../../domain/ticket-machine.js';
import type { Ticket } from '../../services/ticket-service.js';
import { findStaffNamed } from '../../../flows/staff-names.js';
import { command } from '../command.js';
import type { ChatContext } from '../context.js';
import { splitQuote } from '../text/quote.js';
import { findTicketNumber, withoutTicketNumber } from '../text/ticket-ref.js';
import { inputRules, parseMoneyIn } from '../../services/input-rules.js';

const VERBS = {
  接单: 'accept',
  抢单: 'accept',
  到场: 'arrive',
  已到场: 'arrive',
  完工: 'complete',
  转单: 'transfer',
  退单: 'send_back',
  备注: 'note',
  派单: 'dispatch',
  报价: 'quote',
  非标: 'request_quote',
  跟进: 'follow_up',
  回访: 'callback',
  我的工单: 'mine',
} as const;
type Verb = (typeof VERBS)[keyof typeof VERBS];
const VERB_RE = new RegExp(
  `^(${Object.keys(VERBS)
    .sort((a, b) => b.length - a.length)
    .join('|')})(.*)$`,
  's',
);

/** States a verb applies to, to find "the" ticket when a worker names none. */
const IMPLIED: Partial<Record<Verb, TicketState[]>> = {
  accept: ['dispatched'],
  arrive: ['accepted'],
  complete: ['on_site'],
};

export interface StaffCommand {
  verb: Verb;
  number?: string;
  rest: string;
}

/** Pure: the staff command in a message (quoting the dispatch message names its ticket). */
export function parseStaffCommand(text: string): StaffCommand | undefined {
  const { quote, body } = splitQuote(text);
  const m = VERB_RE.exec(body);
  if (!m) return undefined;
  const args = m[2]!.trim();
  const number = findTicketNumber(args) ?? (quote ? findTicketNumber(quote) : undefined);
  return { verb: VERBS[m[1] as keyof typeof VERBS], number, rest: withoutTicketNumber(args) };
}

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

const stripMention = (s: string) => s.replace(/@\S+/g, '').trim();

async function implied(ctx: ChatContext, verb: Verb): Promise<Ticket[] | undefined> {
  const states = IMPLIED[verb];
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
    if (!ctx.isStaff) return void (await ctx.say('chat.staff_only'));
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
      if (candidates?.length === 1) number = candidates[0]!.number;
      else return void (await ctx.say('staff.which_ticket', { verb: c.verb }));
    }
    const rest = c.rest;
    let ticket: Ticket;
    try {
      switch (c.verb) {
        case 'accept':
          ticket = await tickets.accept(actor, number);
          break;
        case 'arrive':
          ticket = await tickets.arrive(actor, number);
          break;
        case 'complete': {
          const fee = parseMoneyIn(rest, ['费用', '收费', '金额']);
          if (fee && 'error' in fee)
            return void (await ctx.say('money.invalid', { text: fee.text, max: inputRules.moneyMax }));
          const item = stripMention(rest.replace(fee?.match ?? '', '').replace(/元|块/g, '')).slice(0, 200);
          ticket = await tickets.complete(actor, number, {
            actualItem: item || undefined,
            fees: fee ? [{ item: item || ctx.t('staff.fee_item'), amount: fee.amount }] : [],
          });
          break;
        }
        case 'transfer':
        case 'dispatch': {
          const to = await mentionedPerson(ctx, rest);
          if (!to && c.verb === 'transfer') return void (await ctx.say('staff.who'));
          const note = stripMention(rest) || undefined;
          ticket =
            c.verb === 'transfer'
              ? await tickets.transfer(actor, number, { assigneeId: to!.id, note })
              : await tickets.dispatch(actor, number, { assigneeId: to?.id, note });
          break;
        }
        case 'send_back':
          if (!rest) return void (await ctx.say('staff.reason_needed'));
          ticket = await tickets.sendBack(actor, number, { note: rest });
          break;
        case 'note':
          if (!rest) return void (await ctx.say('staff.text_needed'));
          ticket = await tickets.addNote(actor, number, { note: rest });
          break;
        case 'request_quote':
          ticket = await tickets.requestQuote(actor, number, rest ? { note: rest } : {});
          break;
        case 'quote': {
          const m = parseMoneyIn(rest, ['费用', '收费', '金额', '报价'], { labelOptional: true });
          if (!m) return void (await ctx.say('staff.amount_needed'));
          if ('error' in m)
            return void (await ctx.say('money.invalid', { text: m.text, max: inputRules.moneyMax }));
          const note = rest.replace(m.match, '').trim() || undefined;
          // The supervisor may quote straight away: the order first enters the quote step.
          const current = await tickets.get(actor, number);
          if (current.state !== 'awaiting_quote') await tickets.requestQuote(actor, number, {});
          ticket = await tickets.quote(actor, number, { amount: m.amount, note });
          break;
        }
        case 'follow_up':
          if (!rest) return void (await ctx.say('staff.text_needed'));
          ticket = await tickets.followUp(actor, number, { note: rest });
          break;
        case 'callback': {
          const m = /^(满意|不满意|非常满意|一般)\s*(.*)$/s.exec(rest);
          if (!m) return void (await ctx.say('staff.callback_usage'));
          ticket = await tickets.recordCallback(actor, number, {
            satisfied: m[1] !== '不满意',
            method: 'phone',
            note: m[2]!.trim() || undefined,
          });
          break;
        }
      }
    } catch (err) {
      if (c.verb === 'accept' && err instanceof AppError && err.code !== 'ticket_not_found') {
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
    await ctx.say(
      'staff.done',
      { number: ticket.number, state: ctx.t(`ticket.state.${ticket.state}`) },
      { ticketNumber: ticket.number },
    );
  },
});
