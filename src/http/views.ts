import type { Ticket } from '../services/ticket-service.js';

/** A ticket as the API shows it: ids as strings, the timeline only on request. */
export function ticketView(t: Ticket, opts: { timeline?: boolean } = {}) {
  const { timeline, _id, ...rest } = t as Ticket & { __v?: number };
  delete (rest as { __v?: number }).__v;
  return { id: String(_id), ...rest, ...(opts.timeline ? { timeline } : {}) };
}
