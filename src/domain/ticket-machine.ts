import type { Actor } from './actor.js';
import { TransitionError } from './errors.js';
import { RESIDENT_ROLES, type Department, type Role, type TicketKind } from './roles.js';

/**
 * The ticket life cycle, in one table (seed 002 appendix 1 and 2, seed 003 parts 3 and 4).
 *
 * Work orders (repair, help, inquiry, suggestion, praise):
 *   received → dispatched → accepted → on_site → completed → rated → called_back → closed
 *   with transfer (转单), send-back (退单), cancel, reopen, rework (返工) after an unsatisfied
 *   rating or callback, and the non-standard repair quote step: awaiting_quote → quoted →
 *   owner agrees (work resumes where it stopped) or declines (cancelled).
 * Complaints:
 *   received → classified → planned → handling → handled → filed (callback satisfied)
 *   or, when the callback is unsatisfied, escalated (director, then head office) → planned …
 *
 * Guards name who may fire an event: a role, or a relation of the actor to the ticket.
 * Nothing here touches the database: the ticket service applies the result atomically.
 */

export const WORK_STATES = [
  'received',
  'dispatched',
  'accepted',
  'on_site',
  'awaiting_quote',
  'quoted',
  'completed',
  'rated',
  'called_back',
  'closed',
  'cancelled',
] as const;
export const COMPLAINT_STATES = [
  'classified',
  'planned',
  'handling',
  'handled',
  'escalated',
  'filed',
] as const;
export const TICKET_STATES = [...WORK_STATES, ...COMPLAINT_STATES] as const;
export type TicketState = (typeof TICKET_STATES)[number];

export const TERMINAL_STATES: readonly TicketState[] = ['closed', 'cancelled', 'filed'];
export const OPEN_STATES: readonly TicketState[] = TICKET_STATES.filter((s) => !TERMINAL_STATES.includes(s));

export const TICKET_EVENTS = [
  'create',
  'dispatch',
  'accept',
  'transfer',
  'send_back',
  'arrive',
  'request_quote',
  'quote',
  'agree_quote',
  'decline_quote',
  'complete',
  'answer',
  'rate',
  'rate_unsatisfied',
  'callback',
  'callback_unsatisfied',
  'close',
  'classify',
  'plan',
  'start_handling',
  'finish_handling',
  'escalate',
  'cancel',
  'reopen',
  'note',
  'follow_up',
  'remind',
  'attach_photo',
] as const;
export type TicketEventName = (typeof TICKET_EVENTS)[number];

/** Highest escalation level: 0 supervisors, 1 office director, 2 head office. */
export const MAX_ESCALATION = 2;

/** What the machine needs to know of a ticket. */
export interface TicketSnapshot {
  state: TicketState;
  kind: TicketKind;
  department?: Department | null;
  zoneId?: string | null;
  unitId?: string | null;
  reporterId?: string | null;
  assigneeId?: string | null;
  escalationLevel: number;
  quote?: { resumeState?: TicketState | null } | null;
}

/** Relations an actor can have to a ticket, usable in `who` beside plain roles. */
type Relation =
  | 'admin'
  | 'system'
  | 'assignee'
  | 'reporter'
  | 'pool_staff'
  | 'dept_staff'
  | 'dept_supervisor_of'
  | 'escalation_owner';
type Who = Role | Relation;

interface Rule {
  event: TicketEventName;
  from: readonly TicketState[] | 'any_open' | 'any';
  to: TicketState | 'same' | ((t: TicketSnapshot) => TicketState);
  who: readonly Who[];
  kinds?: readonly TicketKind[];
}

const WORK_KINDS: readonly TicketKind[] = ['repair', 'help', 'inquiry', 'suggestion', 'praise'];
const DISPATCHABLE: readonly TicketKind[] = ['repair', 'help'];
const ANSWERABLE: readonly TicketKind[] = ['inquiry', 'suggestion', 'praise'];
const COMPLAINT: readonly TicketKind[] = ['complaint'];

const DISPATCHERS: readonly Who[] = [
  'front_desk',
  'cs_supervisor',
  'dept_supervisor_of',
  'zone_manager',
  'system',
  'admin',
];
const CALLERS: readonly Who[] = ['zone_manager', 'cs_supervisor', 'front_desk', 'admin'];
const SUPERVISORS: readonly Who[] = ['cs_supervisor', 'director', 'head_office', 'admin'];

/** Rework goes back to the worker who did it, or to the front desk when there was none. */
const rework = (t: TicketSnapshot): TicketState => (t.assigneeId ? 'dispatched' : 'received');
const afterUnsatisfiedComplaint = (t: TicketSnapshot): TicketState =>
  t.escalationLevel < MAX_ESCALATION ? 'escalated' : 'filed';

export const RULES: readonly Rule[] = [
  // ── work orders ─────────────────────────────────────────────────────────────
  { event: 'dispatch', from: ['received'], to: 'dispatched', who: DISPATCHERS, kinds: DISPATCHABLE },
  {
    event: 'accept',
    from: ['dispatched'],
    to: 'accepted',
    who: ['assignee', 'pool_staff'],
    kinds: DISPATCHABLE,
  },
  {
    event: 'transfer',
    from: ['dispatched', 'accepted'],
    to: 'dispatched',
    who: ['assignee', ...DISPATCHERS],
    kinds: DISPATCHABLE,
  },
  {
    event: 'send_back',
    from: ['dispatched', 'accepted'],
    to: 'received',
    who: ['assignee', 'admin'],
    kinds: DISPATCHABLE,
  },
  { event: 'arrive', from: ['accepted'], to: 'on_site', who: ['assignee', 'admin'], kinds: DISPATCHABLE },
  {
    event: 'request_quote',
    from: ['received', 'dispatched', 'accepted', 'on_site'],
    to: 'awaiting_quote',
    who: ['assignee', 'front_desk', 'dept_supervisor_of', 'cs_supervisor', 'admin'],
    kinds: DISPATCHABLE,
  },
  {
    event: 'quote',
    from: ['awaiting_quote'],
    to: 'quoted',
    who: ['dept_supervisor_of', 'admin'],
    kinds: DISPATCHABLE,
  },
  {
    event: 'agree_quote',
    from: ['quoted'],
    to: (t) => t.quote?.resumeState ?? 'received',
    who: ['reporter', 'front_desk', 'admin'],
    kinds: DISPATCHABLE,
  },
  {
    event: 'decline_quote',
    from: ['quoted'],
    to: 'cancelled',
    who: ['reporter', 'front_desk', 'admin'],
    kinds: DISPATCHABLE,
  },
  { event: 'complete', from: ['on_site'], to: 'completed', who: ['assignee', 'admin'], kinds: DISPATCHABLE },
  {
    event: 'answer',
    from: ['received'],
    to: 'completed',
    who: ['front_desk', 'cs_supervisor', 'zone_manager', 'admin'],
    kinds: ANSWERABLE,
  },
  {
    event: 'rate',
    from: ['completed'],
    to: 'rated',
    who: ['reporter', 'front_desk', 'admin'],
    kinds: WORK_KINDS,
  },
  {
    event: 'rate_unsatisfied',
    from: ['completed'],
    to: rework,
    who: ['reporter', 'front_desk', 'admin'],
    kinds: WORK_KINDS,
  },
  { event: 'callback', from: ['completed', 'rated'], to: 'called_back', who: CALLERS, kinds: WORK_KINDS },
  {
    event: 'callback_unsatisfied',
    from: ['completed', 'rated'],
    to: rework,
    who: CALLERS,
    kinds: WORK_KINDS,
  },
  {
    event: 'close',
    from: ['called_back'],
    to: 'closed',
    who: ['zone_manager', 'cs_supervisor', 'system', 'admin'],
    kinds: WORK_KINDS,
  },
  {
    event: 'close',
    from: ['completed', 'rated'],
    to: 'closed',
    who: ['zone_manager', 'cs_supervisor', 'front_desk', 'system', 'admin'],
    kinds: ANSWERABLE,
  },
  {
    event: 'cancel',
    from: ['received', 'dispatched'],
    to: 'cancelled',
    who: ['reporter', 'front_desk', 'cs_supervisor', 'zone_manager', 'dept_supervisor_of', 'admin'],
    kinds: WORK_KINDS,
  },
  {
    event: 'cancel',
    from: ['accepted', 'on_site', 'awaiting_quote', 'quoted'],
    to: 'cancelled',
    who: ['front_desk', 'cs_supervisor', 'zone_manager', 'dept_supervisor_of', 'admin'],
    kinds: WORK_KINDS,
  },
  {
    event: 'escalate',
    from: 'any_open',
    to: 'same',
    who: ['zone_manager', 'cs_supervisor', 'director', 'system', 'admin'],
    kinds: WORK_KINDS,
  },

  // ── complaints ──────────────────────────────────────────────────────────────
  {
    event: 'classify',
    from: ['received'],
    to: 'classified',
    who: ['cs_supervisor', 'admin'],
    kinds: COMPLAINT,
  },
  {
    event: 'plan',
    from: ['classified', 'escalated'],
    to: 'planned',
    who: ['dept_supervisor_of', 'cs_supervisor', 'escalation_owner', 'admin'],
    kinds: COMPLAINT,
  },
  {
    event: 'start_handling',
    from: ['planned'],
    to: 'handling',
    who: ['dept_supervisor_of', 'dept_staff', 'cs_supervisor', 'escalation_owner', 'admin'],
    kinds: COMPLAINT,
  },
  {
    event: 'finish_handling',
    from: ['handling'],
    to: 'handled',
    who: ['dept_supervisor_of', 'dept_staff', 'cs_supervisor', 'escalation_owner', 'admin'],
    kinds: COMPLAINT,
  },
  { event: 'callback', from: ['handled'], to: 'filed', who: CALLERS, kinds: COMPLAINT },
  {
    event: 'callback_unsatisfied',
    from: ['handled'],
    to: afterUnsatisfiedComplaint,
    who: CALLERS,
    kinds: COMPLAINT,
  },
  {
    event: 'escalate',
    from: ['received', 'classified', 'planned', 'handling', 'handled'],
    to: 'escalated',
    who: [...SUPERVISORS, 'system'],
    kinds: COMPLAINT,
  },
  {
    event: 'cancel',
    from: ['received', 'classified', 'planned'],
    to: 'cancelled',
    who: ['reporter', 'cs_supervisor', 'admin'],
    kinds: COMPLAINT,
  },

  // ── every kind ──────────────────────────────────────────────────────────────
  {
    event: 'reopen',
    from: ['closed', 'cancelled', 'filed'],
    to: 'received',
    who: ['cs_supervisor', 'zone_manager', 'director', 'head_office', 'admin'],
  },
  {
    event: 'note',
    from: 'any',
    to: 'same',
    who: [
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
    ],
  },
  {
    event: 'follow_up',
    from: 'any_open',
    to: 'same',
    who: ['zone_manager', 'cs_supervisor', 'front_desk', 'system', 'admin'],
  },
  { event: 'remind', from: 'any_open', to: 'same', who: ['system', 'admin'] },
  {
    event: 'attach_photo',
    from: 'any_open',
    to: 'same',
    who: [
      'reporter',
      'assignee',
      'dept_staff',
      'front_desk',
      'zone_manager',
      'cs_supervisor',
      'dept_supervisor_of',
      'admin',
    ],
  },
];

function holdsRelation(who: Who, t: TicketSnapshot, actor: Actor): boolean {
  const inZone = () => !actor.zoneIds.length || !t.zoneId || actor.zoneIds.includes(t.zoneId);
  switch (who) {
    case 'admin':
      return actor.kind === 'admin';
    case 'system':
      return actor.kind === 'system';
    case 'assignee':
      return !!actor.personId && actor.personId === t.assigneeId;
    case 'reporter':
      return (
        !!actor.personId &&
        (actor.personId === t.reporterId ||
          (actor.roles.some((r) => RESIDENT_ROLES.includes(r)) &&
            !!t.unitId &&
            actor.unitIds.includes(t.unitId)))
      );
    case 'pool_staff':
      return !t.assigneeId && actor.roles.includes('staff') && actor.department === t.department && inZone();
    case 'dept_staff':
      return actor.roles.includes('staff') && !!t.department && actor.department === t.department;
    case 'dept_supervisor_of':
      return actor.roles.includes('dept_supervisor') && !!t.department && actor.department === t.department;
    case 'escalation_owner':
      return (
        (t.escalationLevel >= 1 && actor.roles.includes('director')) ||
        (t.escalationLevel >= 2 && actor.roles.includes('head_office'))
      );
    default:
      return actor.kind === 'person' && actor.roles.includes(who);
  }
}

function matchesState(rule: Rule, state: TicketState): boolean {
  if (rule.from === 'any') return true;
  if (rule.from === 'any_open') return !TERMINAL_STATES.includes(state);
  return rule.from.includes(state);
}

export interface PlannedTransition {
  event: TicketEventName;
  from: TicketState;
  to: TicketState;
}

/**
 * Decides a transition: the target state when `event` may happen to `ticket` now and `actor`
 * may fire it; otherwise a TransitionError saying which of the two failed.
 */
export function planTransition(
  ticket: TicketSnapshot,
  event: TicketEventName,
  actor: Actor,
): PlannedTransition {
  const rules = RULES.filter(
    (r) => r.event === event && (!r.kinds || r.kinds.includes(ticket.kind)) && matchesState(r, ticket.state),
  );
  if (!rules.length) throw new TransitionError('transition_not_allowed', { event, state: ticket.state });
  const rule = rules.find((r) => r.who.some((w) => holdsRelation(w, ticket, actor)));
  if (!rule) throw new TransitionError('transition_forbidden', { event, state: ticket.state });
  const to = rule.to === 'same' ? ticket.state : typeof rule.to === 'function' ? rule.to(ticket) : rule.to;
  return { event, from: ticket.state, to };
}

/** The events `actor` may fire on `ticket` now (for menus and the console's buttons). */
export function allowedEvents(ticket: TicketSnapshot, actor: Actor): TicketEventName[] {
  const events = new Set<TicketEventName>();
  for (const r of RULES) {
    if (r.kinds && !r.kinds.includes(ticket.kind)) continue;
    if (!matchesState(r, ticket.state)) continue;
    if (r.who.some((w) => holdsRelation(w, ticket, actor))) events.add(r.event);
  }
  return [...events];
}

/** Where a kind's tickets start and which states it can reach (for validation and docs). */
export function statesForKind(kind: TicketKind): readonly TicketState[] {
  if (kind === 'complaint') return ['received', ...COMPLAINT_STATES, 'cancelled'];
  if (ANSWERABLE.includes(kind))
    return ['received', 'completed', 'rated', 'called_back', 'closed', 'cancelled'];
  return WORK_STATES;
}
