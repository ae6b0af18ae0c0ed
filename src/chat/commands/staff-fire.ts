import { ChatIdentity, Person } from '../../data/models/index.js';
import { AppError } from '../../domain/errors.js';
import { OPEN_STATES, type TicketEventName } from '../../domain/ticket-states.js';
import { eventDef } from '../../ticket-events/index.js';
import type { Ticket } from '../../services/ticket-service.js';
import { findStaffNamed } from '../../../flows/staff-names.js';
import { FLOWS } from '../../../flows/index.js';
import { FlowEngine } from '../flow-engine.js';
import type { ChatContext } from '../context.js';
import { placeOf } from '../../scheduler/context.js';
import { writtenRest } from './staff.js';
import { DESK_CHAT_ROLES } from './desk-queries.js';

/** The verb as the reader says it (the first of its words), for prompts. */
export const verbWord = (ctx: ChatContext, verb: TicketEventName) => ctx.t(`verbs.${verb}`).split('|')[0]!;

export async function mentionedPerson(ctx: ChatContext, rest: string) {
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

/**
 * The orders the verb may apply to: the speaker's own, in its `implied` states, or ending in the
 * short reference; for those who follow a zone's work (回访 0003, 0005 派给 老张), the open orders
 * of their scope ending in it.
 */
export async function candidates(
  ctx: ChatContext,
  verb: TicketEventName,
  shortRef?: string,
): Promise<Ticket[]> {
  const states = shortRef ? OPEN_STATES : eventDef(verb).chat?.implied;
  if (!states) return [];
  const { tickets } = ctx.services;
  const actor = ctx.actor!;
  const page = await tickets.list(actor, { assignee: actor.personId, state: states.join(','), pageSize: 10 });
  if (!shortRef) return page.items;
  const ends = (t: Ticket) => t.number.endsWith(`-${shortRef}`);
  const own = page.items.filter(ends);
  if (own.length || !actor.roles.some((r) => DESK_CHAT_ROLES.includes(r))) return own;
  const scope = await tickets.list(actor, { state: states.join(','), q: `-${shortRef}`, pageSize: 10 });
  return scope.items.filter(ends);
}

/** One order as a worker recognises it: number, place, what. */
export const orderLine = async (ctx: ChatContext, t: Ticket) =>
  ctx.t('staff.order', { number: t.number, place: await placeOf(t), summary: t.description.slice(0, 20) });

export interface StaffVerb {
  verb: TicketEventName;
  number?: string;
  rest: string;
  shortRef?: string;
  soft?: boolean;
}

/**
 * A verb said without a full number: the one order it can apply to, told back so the worker knows
 * which; several: a numbered question; none: a plain "收到" was only a thank-you (false).
 */
export async function pickAndFire(ctx: ChatContext, c: StaffVerb): Promise<boolean | void> {
  if (c.number) return fireStaffVerb(ctx, c.verb, c.number, c.rest);
  // "收到" in a staff group usually answers a colleague: an acceptance only when said to the bot
  if (c.soft && ctx.inGroup && !ctx.msg.mentionSelf) return false;
  const found = await candidates(ctx, c.verb, c.shortRef);
  if (found.length === 1) return fireStaffVerb(ctx, c.verb, found[0]!.number, c.rest, found[0]);
  if (!found.length) {
    if (c.soft) return false;
    const known = eventDef(c.verb).chat?.implied;
    return void (await ctx.say(known ? 'staff.nothing_to' : 'staff.which_ticket', {
      verb: verbWord(ctx, c.verb),
    }));
  }
  const engine = new FlowEngine(FLOWS, ctx.services.config.bot.flowIdleTimeout);
  await engine.begin(
    ctx,
    'staff_pick',
    {
      verb: c.verb,
      rest: c.rest,
      numbers: found.map((t) => t.number),
      lines: await Promise.all(found.map((t) => orderLine(ctx, t))),
    },
    { private: ctx.inGroup },
  );
}

/** Fires the verb on one order through the ticket service; `which` is told back when the worker named none. */
export async function fireStaffVerb(
  ctx: ChatContext,
  verb: TicketEventName,
  number: string,
  rest: string,
  which?: Ticket,
): Promise<void> {
  const { tickets } = ctx.services;
  const actor = ctx.actor!;
  // "处理好了" on a complaint is its handling finished (处理完毕), not a repair's completion
  if (verb === 'complete' && (await tickets.get(actor, number).catch(() => undefined))?.kind === 'complaint')
    verb = 'finish_handling';
  const def = eventDef(verb);
  const parsed = await def.chat!.parse({
    rest,
    // the text as they wrote it, their punctuation kept
    written: writtenRest(ctx.original, { verb, rest }),
    mentioned: () => mentionedPerson(ctx, rest),
    t: ctx.t,
    config: ctx.services.config,
  });
  if ('error' in parsed) return void (await ctx.say(parsed.error, parsed.params));
  let ticket: Ticket;
  try {
    const current = await tickets.get(actor, number);
    const own = def.chat!.byAssignee;
    if (own && current.assigneeId && String(current.assigneeId) === actor.personId) {
      ticket = await tickets.fire(actor, number, own.event, own.input(parsed.input, ctx.t));
    } else {
      const step = def.chat!.via?.[current.state];
      if (step) await tickets.fire(actor, number, step, {});
      ticket = await tickets.fire(actor, number, verb, parsed.input);
    }
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
  // the order is unchanged: what happened is that the supervisor and the zone manager were told
  if (verb === 'ask_help')
    return void (await ctx.say(
      'staff.help_sent',
      { number: ticket.number },
      { ticketNumber: ticket.number },
    ));
  const state = ctx.t(`ticket.state.${ticket.state}`);
  await ctx.say(
    // picked by its last digits among the speaker's own orders, or among their zone's (a manager)
    which
      ? String(which.assigneeId) === actor.personId
        ? 'staff.done_which'
        : 'staff.done_which_desk'
      : 'staff.done',
    { number: ticket.number, state, order: which ? await orderLine(ctx, which) : '' },
    { ticketNumber: ticket.number },
  );
}
