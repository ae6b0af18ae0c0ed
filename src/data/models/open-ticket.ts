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
