import type { Config } from '../config/schema.js';
import type { WorkingCalendar } from '../calendar/working-calendar.js';
import type { Department } from './roles.js';
import type { TicketEventName, TicketState } from './ticket-machine.js';

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

const plus = (t: Date, ms: number) => new Date(t.getTime() + ms);

/**
 * Which deadlines an event starts and which it ends (domain.md "The work-order life cycle").
 * A null clears a deadline: the stage it watched is done. The scheduler watches what is set.
 */
export function slaAfter(ctx: SlaContext, sla: Config['sla'], calendar: WorkingCalendar): SlaPatch {
  const { now } = ctx;
  const followUp = () =>
    plus(now, ctx.department === 'engineering' ? sla.followUpEngineering : sla.followUpOther);
  const ended: SlaPatch = { dispatchBy: null, acceptBy: null, arriveBy: null, quoteBy: null, planBy: null };
  if (['closed', 'cancelled', 'filed'].includes(ctx.to))
    return { ...ended, callbackBy: null, followUpBy: null };
  switch (ctx.event) {
    case 'create':
      return {
        dispatchBy: ctx.scope === 'public' ? plus(now, sla.dispatch) : null,
        followUpBy: followUp(),
      };
    case 'dispatch':
    case 'transfer':
      return { dispatchBy: null, acceptBy: plus(now, sla.accept) };
    case 'rate_unsatisfied':
    case 'callback_unsatisfied':
      if (ctx.to === 'dispatched') return { ...ended, callbackBy: null, acceptBy: plus(now, sla.accept) };
      if (ctx.to === 'escalated' || ctx.to === 'received') return { ...ended, callbackBy: null };
      return {};
    case 'send_back':
      return { acceptBy: null, arriveBy: null };
    case 'accept': {
      const arriveBy = ctx.appointmentFrom
        ? new Date(ctx.appointmentFrom.getTime() - sla.arriveBeforeAppointment)
        : plus(now, ctx.scope === 'public' ? sla.arrivePublic : sla.arriveInUnit);
      return { acceptBy: null, arriveBy: arriveBy < now ? now : arriveBy };
    }
    case 'arrive':
      return { arriveBy: null };
    case 'request_quote':
      return { quoteBy: plus(now, sla.quote) };
    case 'quote':
      return { quoteBy: null };
    case 'complete':
    case 'answer':
    case 'finish_handling':
      return { ...ended, callbackBy: calendar.addWorkingDays(now, sla.callbackWorkingDays) };
    case 'rate':
      return {};
    case 'callback':
      return { callbackBy: null };
    case 'classify':
      return { planBy: plus(now, sla.complaintPlan) };
    case 'plan':
      return { planBy: ctx.deadline ?? plus(now, sla.complaintPlan) };
    case 'follow_up':
      return { followUpBy: followUp() };
    case 'reopen':
      return { followUpBy: followUp(), callbackBy: null };
    default:
      return {};
  }
}
