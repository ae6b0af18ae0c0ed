import type { z } from 'zod';
import type { FieldType } from './field-types.js';
import type { Types } from 'mongoose';
import type { WorkingCalendar } from '../calendar/working-calendar.js';
import type { Config } from '../config/schema.js';
import type { TicketDoc } from '../data/models/ticket.js';
import type { Actor } from '../domain/actor.js';
import type { Department, Role, TicketKind } from '../domain/roles.js';
import type { SlaContext, SlaPatch } from '../domain/sla.js';
import type { TicketEventName, TicketSnapshot, TicketState } from '../domain/ticket-states.js';

type Ticket = TicketDoc;

/** Relations an actor can have to a ticket, usable in `who` beside plain roles. */
export type Relation =
  | 'admin'
  | 'system'
  | 'assignee'
  | 'reporter'
  | 'linked_reporter'
  | 'pool_staff'
  | 'dept_staff'
  | 'dept_supervisor_of'
  | 'escalation_owner';
export type Who = Role | Relation;

/** One way an event moves a ticket: from which states, to which, fired by whom, for which kinds. */
export interface Transition {
  from: readonly TicketState[] | 'any_open' | 'any';
  to: TicketState | 'same' | ((t: TicketSnapshot) => TicketState);
  who: readonly Who[];
  kinds?: readonly TicketKind[];
}

/** What an event writes on the ticket (absolute values only, so applying it twice is harmless). */
export interface Effect {
  set?: Record<string, unknown>;
  note?: string;
  data?: Record<string, unknown>;
  /** An explicit deadline given with the event (a complaint plan's). */
  deadline?: Date;
}

/** What an effect may ask of the world: the clock, settings, the actor, the staff directory. */
export interface EffectContext {
  now: Date;
  actor: Actor;
  config: Config;
  /** An active staff member of the community, or undefined. */
  staff(id: string, communityId: Types.ObjectId): Promise<StaffRef | undefined>;
}
export interface StaffRef {
  _id: Types.ObjectId;
  name: string;
  department?: Department | null;
  /** The zones they cover (none: the whole community). */
  zoneIds?: Types.ObjectId[];
}

/**
 * Who hears of an event. `department_group` is the department's chat group (mentions the
 * assignee); `reporting_group` the owners' group a member without a binding reported in (mentions
 * them; src/chat/guest-reports.ts).
 */
export type Audience =
  | 'assignee'
  | 'previous_assignee'
  | 'reporter'
  /** Owners linked to the ticket as reporters of the same problem. */
  | 'linked_reporters'
  /** The owner an unlink removed (`data.personId`). */
  | 'unlinked_reporter'
  | 'dept_supervisor'
  | 'zone_manager'
  /** The manager of the zone an event moved the ticket out of (`data.previousZoneId`). */
  | 'previous_zone_manager'
  | 'front_desk'
  | 'cs_supervisor'
  | 'director'
  | 'head_office'
  | 'praised'
  | 'escalation_level'
  | 'department_group'
  | 'reporting_group';

/** A committed event as reactions see it: the timeline entry and the ticket before and after. */
export interface Happened {
  /** The timeline entry's id. */
  eventId: Types.ObjectId;
  event: TicketEventName;
  seq: number;
  from?: TicketState | null;
  to?: TicketState | null;
  note?: string | null;
  data?: Record<string, unknown> | null;
  actorName?: string | null;
  /** The person who fired it (not told of their own act). */
  actorId?: string | null;
  actorKind: 'person' | 'admin' | 'system';
  ticket: Ticket;
  /** The ticket before the event; undefined when reacting again after a crash (not known). */
  before: Ticket | null | undefined;
  /** Replayed after a crash: the people involved may not have heard anything yet. */
  recovered?: boolean;
  config: Config;
}

export interface NoticeSpec {
  to: Audience;
  /** Locale key of the text. */
  key: string;
  /** For owners: the text to use instead when the message waits out quiet hours (no clock promises). */
  heldKey?: string;
  when?: (h: Happened) => boolean;
  /** Told even when they fired the event themselves, unless the desk already answered them about it. */
  untoldActor?: boolean;
  /** The owner is known to be there (the worker at their door): goes at once, even in quiet hours. */
  awake?: (h: Happened) => boolean;
}

export type { FieldType } from './field-types.js';
/** A field of the event's console form (labels: `console.field.<name>`). */
export interface FormField {
  name: string;
  type: FieldType;
  required?: boolean;
  options?: readonly string[];
}

/** What a staff chat command gives the event's parser. */
export interface ChatArgs {
  /** The text after the verb and the ticket number, as matching reads it (simplified, half-width). */
  rest: string;
  /**
   * The same text as the staff member wrote it (their "，" and "？" kept): what a note, an
   * answer or a reason passes on to people.
   */
  written: string;
  /** A colleague @mentioned or named in the text (`said`: the words of `rest` that named them). */
  mentioned(): Promise<{ id: string; name: string; said?: string } | undefined>;
  t(key: string, params?: Record<string, unknown>): string;
  config: Config;
}
export type ChatParse<I> = { input: I } | { error: string; params?: Record<string, unknown> };

export interface ChatVerb<I> {
  /** When the worker names no ticket: their one assigned ticket in these states. */
  implied?: readonly TicketState[];
  /** Steps a chat command takes first from these states (报价 on an order not yet awaiting a quote). */
  via?: Partial<Record<TicketState, TicketEventName>>;
  parse(a: ChatArgs): ChatParse<I> | Promise<ChatParse<I>>;
  /** What the verb means said by the order's own worker, who may not fire it (a worker's 报价 proposes a fee). */
  byAssignee?: { event: TicketEventName; input(i: I, t: ChatArgs['t']): Record<string, unknown> };
}

/**
 * Everything one ticket event means, in one place: its input, who may fire it from which state
 * to which, what it writes, which SLA clocks it starts or stops, who is told with which text,
 * how staff say it in chat, and its console form and HTTP action.
 */
export interface TicketEventDef<I = Record<string, unknown>> {
  name: TicketEventName;
  /** OpenAPI summary. */
  summary: string;
  input: z.ZodType<I>;
  /** Picks the machine event from the input (a low rating is `rate_unsatisfied`). */
  variant?: (input: I, config: Config) => TicketEventName;
  transitions: readonly Transition[];
  effect?: (c: EffectContext, t: Ticket, input: I, to: TicketState) => Effect | Promise<Effect>;
  /** Which deadlines the event starts (a date) or ends (null); untouched ones are left out. */
  clocks?: (s: SlaContext, sla: Config['sla'], calendar: WorkingCalendar) => SlaPatch;
  notices?: readonly NoticeSpec[];
  /** `POST /tickets/:number/<action>` */
  http?: { action: string };
  /** A variant fired through another event's action (decline_quote through quote-answer). */
  via?: TicketEventName;
  /** Body values choosing this event implies in the console (decline_quote: agree false). */
  fixed?: Record<string, unknown>;
  form?: readonly FormField[];
  /** Staff chat verbs: the words are `verbs.<name>` in each locale. */
  chat?: ChatVerb<I>;
}

export const defineEvent = <I>(def: TicketEventDef<I>): TicketEventDef<I> => def;

/** Shared who-lists. */
export const DISPATCHERS: readonly Who[] = [
  'front_desk',
  'cs_supervisor',
  'dept_supervisor_of',
  'zone_manager',
  'system',
  'admin',
];
export const CALLERS: readonly Who[] = ['zone_manager', 'cs_supervisor', 'front_desk', 'admin'];
export const SUPERVISORS: readonly Who[] = ['cs_supervisor', 'director', 'head_office', 'admin'];
export const EVERY_DESK: readonly Who[] = [
  'assignee',
  'dept_staff',
  'front_desk',
  'zone_manager',
  'cs_supervisor',
  'dept_supervisor_of',
  'director',
  'head_office',
  'system',
  'admin',
];

export const plus = (t: Date, ms: number) => new Date(t.getTime() + ms);
export const followUpAfter = (s: SlaContext, sla: Config['sla']) =>
  plus(s.now, s.department === 'engineering' ? sla.followUpEngineering : sla.followUpOther);
/** Every stage deadline ended (the stage they watched is over). */
export const STAGES_ENDED: SlaPatch = {
  dispatchBy: null,
  acceptBy: null,
  arriveBy: null,
  quoteBy: null,
  planBy: null,
};
