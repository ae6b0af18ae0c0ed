import { z } from 'zod';
import { DISPATCHABLE } from '../domain/ticket-states.js';
import { note } from '../services/schemas.js';
import { defineEvent, plus } from './define.js';

/**
 * 退单: the worker returns the order with a reason. It goes back to the pool with the dispatch
 * clock running; the department supervisor and the front desk hear why, the owner that a new
 * worker is being found; automatic dispatch passes over whoever sent it back.
 */
export const sendBack = defineEvent({
  name: 'send_back',
  summary: 'Send back (退单)',
  input: z.object({ note }).strict(),
  transitions: [
    { from: ['dispatched', 'accepted'], to: 'received', who: ['assignee', 'admin'], kinds: DISPATCHABLE },
  ],
  effect: (_c, t, d) => ({
    set: {
      assigneeId: null,
      assigneeName: null,
      acceptedAt: null,
      sentBackBy: [...(t.sentBackBy ?? []), ...(t.assigneeId ? [t.assigneeId] : [])],
    },
    note: d.note,
    data: {
      previousAssigneeId: t.assigneeId ? String(t.assigneeId) : null,
      previousAssigneeName: t.assigneeName ?? null,
    },
  }),
  clocks: (s, sla) => ({ acceptBy: null, arriveBy: null, dispatchBy: plus(s.now, sla.dispatch) }),
  notices: [
    { to: 'dept_supervisor', key: 'notice.sent_back' },
    { to: 'front_desk', key: 'notice.sent_back' },
    { to: 'reporter', key: 'notice.sent_back_owner' },
  ],
  http: { action: 'send-back' },
  form: [{ name: 'note', type: 'textarea', required: true }],
  chat: {
    implied: ['dispatched', 'accepted'],
    parse: (a) => (a.written ? { input: { note: a.written } } : { error: 'staff.reason_needed' }),
  },
});
