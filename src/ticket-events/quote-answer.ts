import { z } from 'zod';
import { DISPATCHABLE } from '../domain/ticket-states.js';
import { note } from '../services/schemas.js';
import { defineEvent } from './define.js';

const input = z.object({ agree: z.boolean(), note: note.optional() }).strict();
const who = ['reporter', 'front_desk', 'admin'] as const;

/** The owner agrees to the fee: work resumes where it stopped; worker and supervisor are told. */
export const agreeQuote = defineEvent({
  name: 'agree_quote',
  summary: "Owner's answer to a quote",
  input,
  variant: (d) => (d.agree ? 'agree_quote' : 'decline_quote'),
  transitions: [
    {
      from: ['quoted'],
      to: (t) => t.quote?.resumeState ?? 'received',
      who,
      kinds: DISPATCHABLE,
    },
  ],
  effect: (_c, t, d) => ({
    set: { quote: { ...(t.quote ?? {}), decision: 'agreed' } },
    note: d.note,
    data: { amount: t.quote?.amount },
  }),
  notices: [
    { to: 'assignee', key: 'notice.quote_agreed_staff' },
    { to: 'dept_supervisor', key: 'notice.quote_agreed_staff' },
  ],
  http: { action: 'quote-answer' },
  fixed: { agree: true },
  form: [
    { name: 'agree', type: 'boolean', required: true },
    { name: 'note', type: 'textarea' },
  ],
});

/** The owner declines the fee: the order is cancelled; worker and supervisor are told why. */
export const declineQuote = defineEvent({
  name: 'decline_quote',
  summary: 'Owner declines a quote',
  input,
  transitions: [{ from: ['quoted'], to: 'cancelled', who, kinds: DISPATCHABLE }],
  via: 'agree_quote',
  fixed: { agree: false },
  effect: (c, t, d) => ({
    set: { quote: { ...(t.quote ?? {}), decision: 'declined' }, closedAt: c.now },
    note: d.note,
    data: { amount: t.quote?.amount },
  }),
  notices: [
    { to: 'assignee', key: 'notice.quote_declined_staff' },
    { to: 'dept_supervisor', key: 'notice.quote_declined_staff' },
  ],
});
