import type { Ticket, TimelineEntry } from '../services/ticket-service.js';

/** A ticket as the API shows it: ids as strings, with its timeline when given. */
export function ticketView(t: Ticket, timeline?: TimelineEntry[]) {
  const { _id, ...rest } = t as Ticket & { __v?: number };
  delete (rest as { __v?: number }).__v;
  return {
    id: String(_id),
    ...rest,
    ...(timeline ? { timeline: timeline.map(({ _id: _e, ticketId: _t, ...entry }) => entry) } : {}),
  };
}
