import type { Config } from '../config/schema.js';
import type { WorkingCalendar } from '../calendar/working-calendar.js';
import type { Department } from './roles.js';
import { TERMINAL_STATES, type TicketEventName, type TicketState } from './ticket-states.js';
import { CATALOGUE, STAGES_ENDED } from '../ticket-events/index.js';

export type SlaField =
  'dispatchBy' | 'acceptBy' | 'arriveBy' | 'quoteBy' | 'callbackBy' | 'followUpBy' | 'planBy';
export type SlaPatch = Partial<Record<SlaField, Date | null>>;

/** Deadlines whose passing makes an open ticket overdue (follow-ups repeat, so they do not count). */
export const OVERDUE_FIELDS = [
  'dispatchBy',
  'acceptBy',
  'arriveBy',
  'quoteBy',
  'callbackBy',
  'planBy',
] as const;

export function isOverdue(
  sla: Partial<Record<SlaField, Date | null>> | null | undefined,
  now: Date,
): boolean {
  return OVERDUE_FIELDS.some((f) => !!sla?.[f] && sla[f]! < now);
}

export interface SlaContext {
  now: Date;
  event: TicketEventName;
  to: TicketState;
  scope: 'in_unit' | 'public';
  department?: Department | null;
  appointmentFrom?: Date | null;
  /** Explicit deadline given with the event (a complaint plan's deadline). */
  deadline?: Date | null;
}

/**
 * Which deadlines an event starts and which it ends (domain.md "The work-order life cycle"): each
 * event declares its clocks in the catalogue; reaching a terminal state ends them all. A null
 * clears a deadline: the stage it watched is done. The scheduler watches what is set.
 */
export function slaAfter(ctx: SlaContext, sla: Config['sla'], calendar: WorkingCalendar): SlaPatch {
  if (TERMINAL_STATES.includes(ctx.to)) return { ...STAGES_ENDED, callbackBy: null, followUpBy: null };
  return CATALOGUE[ctx.event]?.clocks?.(ctx, sla, calendar) ?? {};
}
