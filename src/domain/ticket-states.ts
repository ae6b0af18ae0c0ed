import type { Department, TicketKind } from './roles.js';

/**
 * The names of the ticket life cycle: states, events, and what the guards read of a ticket.
 * The transitions themselves live with each event in the catalogue (src/ticket-events/).
 *
 * Work orders (repair, help, inquiry, suggestion, praise):
 *   received → dispatched → accepted → on_site → completed → rated → called_back → closed
 * Complaints:
 *   received → classified → planned → handling → handled → filed, or escalated → planned …
 */
export const WORK_STATES = [
  'received',
  'dispatched',
  'accepted',
  'on_site',
  'awaiting_quote',
  'quoted',
  'completed',
  'rated',
  'called_back',
  'closed',
  'cancelled',
] as const;
export const COMPLAINT_STATES = [
  'classified',
  'planned',
  'handling',
  'handled',
  'escalated',
  'filed',
] as const;
export const TICKET_STATES = [...WORK_STATES, ...COMPLAINT_STATES] as const;
export type TicketState = (typeof TICKET_STATES)[number];

export const TERMINAL_STATES: readonly TicketState[] = ['closed', 'cancelled', 'filed'];
export const OPEN_STATES: readonly TicketState[] = TICKET_STATES.filter((s) => !TERMINAL_STATES.includes(s));
/** Open, the work done, the callback (回访, within 1 working day) still due: 待回访. */
export const AWAITING_CALLBACK: readonly TicketState[] = ['completed', 'rated', 'handled'];
/** Open states in which the work itself is done: awaiting the callback, or called back and awaiting the close. */
export const DONE_STATES: readonly TicketState[] = [...AWAITING_CALLBACK, 'called_back'];
/** 在办: open and still being worked on (received, dispatched … handling, escalated). */
export const IN_PROGRESS_STATES: readonly TicketState[] = OPEN_STATES.filter((s) => !DONE_STATES.includes(s));

export const TICKET_EVENTS = [
  'create',
  'dispatch',
  'accept',
  'transfer',
  'send_back',
  'arrive',
  'request_quote',
  'quote',
  'agree_quote',
  'decline_quote',
  'complete',
  'answer',
  'rate',
  'rate_unsatisfied',
  'callback',
  'callback_unsatisfied',
  'close',
  'classify',
  'plan',
  'start_handling',
  'finish_handling',
  'escalate',
  'cancel',
  'reopen',
  'note',
  'add_detail',
  'follow_up',
  'remind',
  'attach_photo',
  'link_reporter',
  'unlink_reporter',
  'rate_linked',
  'ask_help',
] as const;
export type TicketEventName = (typeof TICKET_EVENTS)[number];

/** States in which the work of an order is done and an owner linked to it may rate the outcome. */
export const LINKED_RATABLE: readonly TicketState[] = ['completed', 'rated', 'called_back', 'closed'];

/** Escalation levels: 0 the supervisors, 1 the office director, 2 head office (the top). */
export const ESCALATION_LEVELS = ['supervisors', 'director', 'head_office'] as const;
export const MAX_ESCALATION = ESCALATION_LEVELS.length - 1;

/** Ticket kinds by the path they follow. */
export const WORK_KINDS: readonly TicketKind[] = ['repair', 'help', 'inquiry', 'suggestion', 'praise'];
export const DISPATCHABLE: readonly TicketKind[] = ['repair', 'help'];
export const ANSWERABLE: readonly TicketKind[] = ['inquiry', 'suggestion', 'praise'];
export const COMPLAINT: readonly TicketKind[] = ['complaint'];

/** What the machine needs to know of a ticket. */
export interface TicketSnapshot {
  state: TicketState;
  kind: TicketKind;
  department?: Department | null;
  zoneId?: string | null;
  unitId?: string | null;
  reporterId?: string | null;
  /** Owners linked to it as reporters of the same problem. */
  linkedIds?: readonly string[];
  assigneeId?: string | null;
  escalationLevel: number;
  quote?: { resumeState?: TicketState | null } | null;
}
