import { z } from 'zod';
import { ANSWERABLE } from '../domain/ticket-states.js';
import { note } from '../services/schemas.js';
import { defineEvent, STAGES_ENDED } from './define.js';

/** Inquiries, suggestions and praise: the desk's answer goes to the owner and completes them. */
export const answer = defineEvent({
  name: 'answer',
  summary: 'Answer an inquiry, suggestion or praise',
  input: z.object({ note }).strict(),
  transitions: [
    {
      from: ['received'],
      to: 'completed',
      who: ['front_desk', 'cs_supervisor', 'zone_manager', 'admin'],
      kinds: ANSWERABLE,
    },
  ],
  effect: (c, _t, d) => ({ set: { completedAt: c.now, answer: d.note }, note: d.note }),
  clocks: (s, sla, calendar) => ({
    ...STAGES_ENDED,
    callbackBy: calendar.addWorkingDays(s.now, sla.callbackWorkingDays),
  }),
  notices: [{ to: 'reporter', key: 'notice.answered' }],
  http: { action: 'answer' },
  form: [{ name: 'note', type: 'textarea', required: true }],
  chat: { parse: (a) => (a.written ? { input: { note: a.written } } : { error: 'staff.text_needed' }) },
});
