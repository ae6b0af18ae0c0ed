import { z } from 'zod';
import { DEPARTMENTS } from '../domain/roles.js';
import { DISPATCHABLE } from '../domain/ticket-states.js';
import { note, objectId } from '../services/schemas.js';
import { assignment, noteBesideName } from './assignment.js';
import { defineEvent, DISPATCHERS, plus } from './define.js';

/** 派单: the order goes to a worker, or to the department's pool to grab when nobody is named. */
export const dispatch = defineEvent({
  name: 'dispatch',
  summary: 'Assign (派单)',
  input: z
    .object({
      assigneeId: objectId.optional(),
      department: z.enum(DEPARTMENTS).optional(),
      note: note.optional(),
    })
    .strict(),
  transitions: [{ from: ['received'], to: 'dispatched', who: DISPATCHERS, kinds: DISPATCHABLE }],
  effect: (c, t, d) => assignment(c, t, d.assigneeId, d.department, d.note),
  clocks: (s, sla) => ({ dispatchBy: null, acceptBy: plus(s.now, sla.accept) }),
  notices: [
    { to: 'assignee', key: 'notice.dispatched' },
    { to: 'department_group', key: 'notice.dispatched_group', when: (h) => !!h.ticket.assigneeId },
    { to: 'department_group', key: 'notice.grab', when: (h) => !h.ticket.assigneeId },
  ],
  http: { action: 'dispatch' },
  form: [
    { name: 'assigneeId', type: 'person' },
    { name: 'department', type: 'department', options: DEPARTMENTS },
    { name: 'note', type: 'textarea' },
  ],
  chat: {
    async parse(a) {
      const to = await a.mentioned();
      return { input: { assigneeId: to?.id, note: noteBesideName(a.written, a.rest, to?.said) } };
    },
  },
});
