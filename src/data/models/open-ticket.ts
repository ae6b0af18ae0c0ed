import { model } from 'mongoose';
import { OPEN_STATES, type TicketState } from '../../domain/ticket-states.js';
import { Ticket } from './ticket.js';

/**
 * The open tickets, whole: a copy of every ticket whose state is open, kept by
 * `mirrorOpenTicket` on every ticket change (src/data/open-tickets.ts) and rebuilt at start. The
 * open-ticket list, the board and the dispatcher's workload counts read this collection, whose
 * size follows open work, not history (FerretDB v1 reads a whole collection for such queries).
 */
export const OpenTicket = model('OpenTicket', Ticket.schema.clone(), 'opentickets');

export const isOpenState = (state: string) => OPEN_STATES.includes(state as TicketState);

/**
 * Tickets no longer open and untouched for `retention.ticketsWorking` (90 days), moved here whole
 * by the daily retention (src/data/retention.ts), so that `tickets` holds the recent months and
 * the open work: on FerretDB v1 every update of `tickets` (a ticket's write behind its copy) and
 * every report of a recent month reads that table whole. Read by id and by the lists and reports
 * that reach back that far (src/data/ticket-store.ts); a change to one moves it back first.
 */
export const TicketArchive = model('TicketArchive', Ticket.schema.clone(), 'ticketarchive');

/**
 * `tickets` as stored, read without waiting for this process's writes behind the open copies:
 * for lists and reports that take every open ticket from its copy instead (`findTickets`).
 */
export const StoredTicket = model('StoredTicket', Ticket.schema.clone(), 'tickets');
