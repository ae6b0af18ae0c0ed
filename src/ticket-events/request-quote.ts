import { z } from 'zod';
import { DISPATCHABLE } from '../domain/ticket-states.js';
import { note } from '../services/schemas.js';
import { defineEvent, plus } from './define.js';

/** 非标: not on the fee schedule; the engineering supervisor answers feasibility and cost in 15 min. */
export const requestQuote = defineEvent({
  name: 'request_quote',
  summary: 'Needs a quote (非标)',
  input: z.object({ note: note.optional() }).strict(),
  transitions: [
    {
      from: ['received', 'dispatched', 'accepted', 'on_site'],
      to: 'awaiting_quote',
      who: ['assignee', 'front_desk', 'dept_supervisor_of', 'cs_supervisor', 'admin'],
      kinds: DISPATCHABLE,
    },
  ],
  effect: (c, t, d) => ({
    set: { quote: { requestedAt: c.now, resumeState: t.state, note: d.note } },
    note: d.note,
  }),
  clocks: (s, sla) => ({ quoteBy: plus(s.now, sla.quote) }),
  notices: [
    { to: 'dept_supervisor', key: 'notice.quote_needed' },
    { to: 'reporter', key: 'notice.quote_pending' },
  ],
  http: { action: 'request-quote' },
  form: [{ name: 'note', type: 'textarea' }],
  chat: {
    implied: ['accepted', 'on_site'],
    parse: (a) => ({ input: a.written ? { note: a.written } : {} }),
  },
});
