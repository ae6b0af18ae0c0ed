import type { Ticket } from '../services/ticket-service.js';
import type { JobContext } from './context.js';

/**
 * A job that watches one ticket's deadline. `due` says when it should run for this ticket as the
 * ticket is now, or null when it should not exist (the ticket moved on): the scheduler creates,
 * moves or cancels the Agenda job after every change from it, and checks it again when the job
 * fires. `run` acts and returns when to run the next step of a ladder, or null when done.
 */
export interface TicketJob {
  name: string;
  due(t: Ticket, ctx: JobContext): Date | null;
  run(t: Ticket, step: number, ctx: JobContext): Promise<Date | null>;
}

export const minutes = (ms: number) => Math.round(ms / 60_000);
export const plus = (t: Date, ms: number) => new Date(t.getTime() + ms);
