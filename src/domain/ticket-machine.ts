import type { Actor } from './actor.js';
import { TransitionError } from './errors.js';
import { RESIDENT_ROLES, type TicketKind } from './roles.js';
import {
  ANSWERABLE,
  COMPLAINT_STATES,
  TERMINAL_STATES,
  WORK_STATES,
  type TicketEventName,
  type TicketSnapshot,
  type TicketState,
} from './ticket-states.js';
import { CATALOGUE, type Transition, type Who } from '../ticket-events/index.js';

export * from './ticket-states.js';

/**
 * The ticket life cycle (seed 002 appendix 1 and 2, seed 003 parts 3 and 4), decided from the
 * transitions each event declares in the catalogue (src/ticket-events/). Guards name who may fire
 * an event: a role, or a relation of the actor to the ticket. Nothing here touches the database.
 */
interface Rule extends Transition {
  event: TicketEventName;
}

export const RULES: readonly Rule[] = Object.values(CATALOGUE).flatMap((def) =>
  def.transitions.map((t) => ({ ...t, event: def.name })),
);

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
    case 'linked_reporter':
      return !!actor.personId && !!t.linkedIds?.includes(actor.personId);
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
