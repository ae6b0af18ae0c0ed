import type { Services } from '../../app.js';
import { ANY_CONSOLE_ROLE } from '../../domain/console-roles.js';
import { route, type RouteSpec } from '../route-spec.js';

export type FieldType =
  | 'text'
  | 'textarea'
  | 'number'
  | 'money'
  | 'datetime'
  | 'person'
  | 'department'
  | 'select'
  | 'boolean'
  | 'score'
  | 'fees'
  | 'materials';

export interface ActionField {
  name: string;
  type: FieldType;
  required: boolean;
  options?: string[];
}

export interface TicketAction {
  /** The state machine's event (what a ticket's `actions` lists). */
  event: string;
  /** The path segment of POST /api/v1/tickets/:number/<action>. */
  action: string;
  fields: ActionField[];
  /** Body values the event implies (agree_quote → {agree: true}); the form does not ask for them. */
  fixed?: Record<string, unknown>;
}

const note = (required = false): ActionField => ({ name: 'note', type: 'textarea', required });

/**
 * Each ticket action's form, matching the body schemas of src/services/schemas.ts. A stand-in:
 * the ticket event catalogue (src/domain/ticket-events/) will produce this list.
 */
export const TICKET_ACTIONS: TicketAction[] = [
  {
    event: 'dispatch',
    action: 'dispatch',
    fields: [
      { name: 'assigneeId', type: 'person', required: false },
      { name: 'department', type: 'department', required: false },
      note(),
    ],
  },
  { event: 'accept', action: 'accept', fields: [] },
  {
    event: 'transfer',
    action: 'transfer',
    fields: [{ name: 'assigneeId', type: 'person', required: true }, note()],
  },
  { event: 'send_back', action: 'send-back', fields: [note(true)] },
  { event: 'arrive', action: 'arrive', fields: [] },
  { event: 'request_quote', action: 'request-quote', fields: [note()] },
  { event: 'quote', action: 'quote', fields: [{ name: 'amount', type: 'money', required: true }, note()] },
  { event: 'agree_quote', action: 'quote-answer', fields: [note()], fixed: { agree: true } },
  { event: 'decline_quote', action: 'quote-answer', fields: [note()], fixed: { agree: false } },
  {
    event: 'complete',
    action: 'complete',
    fields: [
      { name: 'actualItem', type: 'text', required: false },
      { name: 'fees', type: 'fees', required: false },
      { name: 'materials', type: 'materials', required: false },
      note(),
    ],
  },
  { event: 'answer', action: 'answer', fields: [note(true)] },
  {
    event: 'rate',
    action: 'rate',
    fields: [
      { name: 'score', type: 'score', required: true },
      { name: 'comment', type: 'textarea', required: false },
    ],
  },
  {
    event: 'rate_unsatisfied',
    action: 'rate',
    fields: [
      { name: 'score', type: 'score', required: true },
      { name: 'comment', type: 'textarea', required: false },
    ],
  },
  {
    event: 'callback',
    action: 'callback',
    fields: [{ name: 'method', type: 'select', required: true, options: ['chat', 'phone', 'visit'] }, note()],
    fixed: { satisfied: true },
  },
  {
    event: 'callback_unsatisfied',
    action: 'callback',
    fields: [{ name: 'method', type: 'select', required: true, options: ['chat', 'phone', 'visit'] }, note()],
    fixed: { satisfied: false },
  },
  { event: 'close', action: 'close', fields: [note()] },
  {
    event: 'classify',
    action: 'classify',
    fields: [
      { name: 'department', type: 'department', required: true },
      { name: 'severity', type: 'select', required: true, options: ['normal', 'serious', 'malicious'] },
    ],
  },
  {
    event: 'plan',
    action: 'plan',
    fields: [
      { name: 'plan', type: 'textarea', required: true },
      { name: 'deadline', type: 'datetime', required: false },
    ],
  },
  { event: 'start_handling', action: 'start-handling', fields: [note()] },
  { event: 'finish_handling', action: 'finish-handling', fields: [note()] },
  { event: 'escalate', action: 'escalate', fields: [note(true)] },
  { event: 'cancel', action: 'cancel', fields: [note(true)] },
  { event: 'reopen', action: 'reopen', fields: [note(true)] },
  { event: 'note', action: 'note', fields: [note(true)] },
  { event: 'follow_up', action: 'follow-up', fields: [note(true)] },
];

/** GET /ticket-actions: the form of each ticket action (the console builds its dialogs from it). */
export function ticketActionRoutes(_services: Services): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/ticket-actions',
      tag: 'tickets',
      summary: "Each ticket action's form: its event, route segment and fields",
      roles: ANY_CONSOLE_ROLE,
      handler: async (ctx) => {
        ctx.body = { actions: TICKET_ACTIONS };
      },
    }),
  ];
}
