import { z } from 'zod';
import { ValidationError } from '../domain/errors.js';
import { DISPATCHABLE } from '../domain/ticket-states.js';
import { note, objectId } from '../services/schemas.js';
import { assignment, noteBesideName } from './assignment.js';
import { defineEvent, DISPATCHERS, plus } from './define.js';

/** 转单: another worker takes over; both workers and the owner are told, with the reason. */
export const transfer = defineEvent({
  name: 'transfer',
  summary: 'Transfer (转派)',
  input: z.object({ assigneeId: objectId, note: note.optional() }).strict(),
  transitions: [
    {
      from: ['dispatched', 'accepted'],
      to: 'dispatched',
      who: ['assignee', ...DISPATCHERS],
      kinds: DISPATCHABLE,
    },
  ],
  effect: (c, t, d) => {
    if (t.assigneeId && String(t.assigneeId) === d.assigneeId)
      throw new ValidationError(['assigneeId: already assigned to this person']);
    return assignment(c, t, d.assigneeId, undefined, d.note);
  },
  // the first worker's arrival time is no promise of the next one's: set again when they accept
  clocks: (s, sla) => ({ dispatchBy: null, acceptBy: plus(s.now, sla.accept), arriveBy: null }),
  notices: [
    { to: 'assignee', key: 'notice.transferred_to' },
    { to: 'previous_assignee', key: 'notice.transferred_away' },
    { to: 'department_group', key: 'notice.dispatched_group' },
    { to: 'reporter', key: 'notice.transferred_owner' },
  ],
  http: { action: 'transfer' },
  form: [
    { name: 'assigneeId', type: 'person', required: true },
    { name: 'note', type: 'textarea' },
  ],
  chat: {
    implied: ['dispatched', 'accepted'],
    async parse(a) {
      const to = await a.mentioned();
      if (!to) return { error: 'staff.who' };
      return { input: { assigneeId: to.id, note: noteBesideName(a.written, a.rest, to?.said) } };
    },
  },
});
