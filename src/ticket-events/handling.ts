import { z } from 'zod';
import { COMPLAINT } from '../domain/ticket-states.js';
import { note } from '../services/schemas.js';
import { defineEvent, STAGES_ENDED, type Who } from './define.js';

const HANDLERS: readonly Who[] = [
  'dept_supervisor_of',
  'dept_staff',
  'cs_supervisor',
  'escalation_owner',
  'admin',
];
const input = z.object({ note: note.optional() }).strict();

/** The plan is being carried out. */
export const startHandling = defineEvent({
  name: 'start_handling',
  summary: 'Start handling a complaint',
  input,
  transitions: [{ from: ['planned'], to: 'handling', who: HANDLERS, kinds: COMPLAINT }],
  effect: (_c, _t, d) => ({ note: d.note }),
  http: { action: 'start-handling' },
  form: [{ name: 'note', type: 'textarea' }],
});

/** Handled: the owner hears the result and is asked whether they are satisfied (the callback). */
export const finishHandling = defineEvent({
  name: 'finish_handling',
  summary: 'Finish handling a complaint',
  input,
  transitions: [{ from: ['handling'], to: 'handled', who: HANDLERS, kinds: COMPLAINT }],
  effect: (c, _t, d) => ({ set: { completedAt: c.now }, note: d.note }),
  clocks: (s, sla, calendar) => ({
    ...STAGES_ENDED,
    callbackBy: calendar.addWorkingDays(s.now, sla.callbackWorkingDays),
  }),
  notices: [{ to: 'reporter', key: 'notice.complaint_handled' }],
  http: { action: 'finish-handling' },
  form: [{ name: 'note', type: 'textarea' }],
  chat: {
    via: { planned: 'start_handling' }, // "处理完毕" said of a planned complaint: it was handled
    parse: (a) => ({ input: a.written ? { note: a.written } : {} }),
  },
});
