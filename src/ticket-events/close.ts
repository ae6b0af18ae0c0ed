import { z } from 'zod';
import { ANSWERABLE, WORK_KINDS } from '../domain/ticket-states.js';
import { note } from '../services/schemas.js';
import { defineEvent } from './define.js';

/** 存档: a work order closes after its callback; answered inquiries may close without one. */
export const close = defineEvent({
  name: 'close',
  summary: 'Close',
  input: z.object({ note: note.optional() }).strict(),
  transitions: [
    {
      from: ['called_back'],
      to: 'closed',
      who: ['zone_manager', 'cs_supervisor', 'system', 'admin'],
      kinds: WORK_KINDS,
    },
    {
      from: ['completed', 'rated'],
      to: 'closed',
      who: ['zone_manager', 'cs_supervisor', 'front_desk', 'system', 'admin'],
      kinds: ANSWERABLE,
    },
  ],
  effect: (c, _t, d) => ({ set: { closedAt: c.now }, note: d.note }),
  http: { action: 'close' },
  form: [{ name: 'note', type: 'textarea' }],
  chat: { parse: (a) => ({ input: a.written ? { note: a.written } : {} }) },
});
