import { isOverdue } from '../domain/sla.js';
import { TERMINAL_STATES, type TicketState } from '../domain/ticket-states.js';
import type { Ticket, TimelineEntry } from '../services/ticket-service.js';

/** A ticket as the API shows it: ids as strings, with its timeline when given. */
export function ticketView(t: Ticket, timeline?: TimelineEntry[]) {
  // eventIds: internal (how the timeline is read)
  const { _id, eventIds: _ids, ...rest } = t as Ticket & { __v?: number };
  delete (rest as { __v?: number }).__v;
  return {
    id: String(_id),
    ...rest,
    /** Open and past one of its deadlines (the same rule as the list's `overdue` filter). */
    overdue:
      !TERMINAL_STATES.includes(t.state as TicketState) &&
      isOverdue(t.sla as Parameters<typeof isOverdue>[0], new Date()),
    ...(timeline ? { timeline: timeline.map(({ _id: _e, ticketId: _t, ...entry }) => entry) } : {}),
  };
}
