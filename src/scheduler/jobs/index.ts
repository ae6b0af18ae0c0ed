import type { TicketJob } from '../ticket-job.js';
import { acceptOverdue } from './accept-overdue.js';
import { appointmentReminders } from './appointment-reminders.js';
import { arrivalOverdue } from './arrival-overdue.js';
import { callbackDue } from './callback-due.js';
import { dispatchOverdue } from './dispatch-overdue.js';
import { followUp } from './follow-up.js';
import { planOverdue } from './plan-overdue.js';
import { quoteOverdue } from './quote-overdue.js';

/** Every job that watches a ticket. */
export const TICKET_JOBS: readonly TicketJob[] = [
  dispatchOverdue,
  acceptOverdue,
  arrivalOverdue,
  quoteOverdue,
  followUp,
  callbackDue,
  planOverdue,
  appointmentReminders,
];
