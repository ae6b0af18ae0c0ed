import { z } from 'zod';
import { DISPATCHABLE } from '../domain/ticket-states.js';
import { defineEvent } from './define.js';

/** 到场: the worker is at the door or the place; the owner is told. */
export const arrive = defineEvent({
  name: 'arrive',
  summary: 'Arrived (到场)',
  input: z.object({}).strict(),
  transitions: [{ from: ['accepted'], to: 'on_site', who: ['assignee', 'admin'], kinds: DISPATCHABLE }],
  effect: (c) => ({ set: { arrivedAt: c.now } }),
  clocks: () => ({ arriveBy: null }),
  // the owner hears the worker is there: at their door (at once, even in quiet hours), or at the
  // public place they reported (held through quiet hours, then with the time of arrival)
  notices: [
    {
      to: 'reporter',
      key: 'notice.arrived',
      when: (h) => h.ticket.scope !== 'public',
      awake: () => true,
    },
    {
      to: 'reporter',
      key: 'notice.arrived_public',
      heldKey: 'notice.arrived_public_held',
      when: (h) => h.ticket.scope === 'public',
    },
  ],
  http: { action: 'arrive' },
  form: [],
  chat: { implied: ['accepted'], parse: () => ({ input: {} }) },
});
