import { Types } from 'mongoose';
import { z } from 'zod';
import { DISPATCHABLE } from '../domain/ticket-states.js';
import { money, note } from '../services/schemas.js';
import { inputRules } from '../services/input-rules.js';
import { defineEvent } from './define.js';
import { amountIn } from './money-text.js';

/** 报价: the supervisor's amount and note go to the owner, who agrees or declines. */
export const quote = defineEvent({
  name: 'quote',
  summary: 'Quote (报价)',
  input: z.object({ amount: money, note: note.optional() }).strict(),
  transitions: [
    { from: ['awaiting_quote'], to: 'quoted', who: ['dept_supervisor_of', 'admin'], kinds: DISPATCHABLE },
  ],
  effect: (c, t, d) => ({
    set: {
      quote: {
        ...(t.quote ?? {}),
        amount: d.amount,
        quotedAt: c.now,
        quotedBy: c.actor.personId ? new Types.ObjectId(c.actor.personId) : undefined,
        note: d.note ?? t.quote?.note,
      },
    },
    note: d.note,
    data: { amount: d.amount },
  }),
  clocks: () => ({ quoteBy: null }),
  notices: [{ to: 'reporter', key: 'notice.quoted' }],
  http: { action: 'quote' },
  form: [
    { name: 'amount', type: 'money', required: true },
    { name: 'note', type: 'textarea' },
  ],
  chat: {
    // a supervisor may quote straight away: the order first enters the quote step
    via: {
      received: 'request_quote',
      dispatched: 'request_quote',
      accepted: 'request_quote',
      on_site: 'request_quote',
    },
    parse(a) {
      const m = amountIn(a.rest);
      if (m.invalid) return { error: 'money.invalid', params: { text: m.invalid, max: inputRules.moneyMax } };
      if (m.amount === undefined) return { error: 'staff.amount_needed' };
      return { input: { amount: m.amount, note: m.rest || undefined } };
    },
    // the worker on the order cannot quote: their amount goes to the supervisor as a proposal
    byAssignee: {
      event: 'request_quote',
      input: (i, t) => ({
        note: t('staff.proposed_quote', { amount: i.amount, note: i.note ?? '' }).replace(/[\s:：]+$/, ''),
      }),
    },
  },
});
