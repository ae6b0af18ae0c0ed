import { z } from 'zod';
import { DISPATCHABLE } from '../domain/ticket-states.js';
import { defineEvent } from './define.js';

/** 到场: the worker is at the door or the place. */
export const arrive = defineEvent({
  name: 'arrive',
  summary: 'Arrived (到场)',
  input: z.object({}).strict(),
  transitions: [{ from: ['accepted'], to: 'on_site', who: ['assignee', 'admin'], kinds: DISPATCHABLE }],
  effect: (c) => ({ set: { arrivedAt: c.now } }),
  clocks: () => ({ arriveBy: null }),
  http: { action: 'arrive' },
  form: [],
  chat: { implied: ['accepted'], parse: () => ({ input: {} }) },
});
