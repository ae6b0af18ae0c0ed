import { z } from 'zod';
import { COMPLAINT, WORK_KINDS } from '../domain/ticket-states.js';
import { note } from '../services/schemas.js';
import { dangerous } from './danger.js';
import { defineEvent } from './define.js';

/**
 * 撤单: the owner withdraws (the desk that would handle it next hears; once accepted, while the
 * worker is not yet at the door, the worker and the front desk are told), or the desk cancels with
 * a reason the owner hears.
 */
export const cancel = defineEvent({
  name: 'cancel',
  summary: 'Cancel',
  input: z.object({ note }).strict(),
  transitions: [
    {
      from: ['received', 'dispatched'],
      to: 'cancelled',
      who: ['reporter', 'front_desk', 'cs_supervisor', 'zone_manager', 'dept_supervisor_of', 'admin'],
      kinds: WORK_KINDS,
    },
    {
      from: ['accepted', 'awaiting_quote', 'quoted'],
      to: 'cancelled',
      who: ['reporter', 'front_desk', 'cs_supervisor', 'zone_manager', 'dept_supervisor_of', 'admin'],
      kinds: WORK_KINDS,
    },
    {
      from: ['on_site'],
      to: 'cancelled',
      who: ['front_desk', 'cs_supervisor', 'zone_manager', 'dept_supervisor_of', 'admin'],
      kinds: WORK_KINDS,
    },
    {
      from: ['received', 'classified', 'planned'],
      to: 'cancelled',
      who: ['reporter', 'cs_supervisor', 'admin'],
      kinds: COMPLAINT,
    },
  ],
  effect: (c, t, d) => ({
    set: { closedAt: c.now },
    note: d.note,
    data: { byReporter: !!c.actor.personId && String(t.reporterId ?? '') === c.actor.personId },
  }),
  notices: [
    { to: 'reporter', key: 'notice.cancelled_owner', when: (h) => !h.data?.byReporter },
    { to: 'assignee', key: 'notice.cancelled_staff' },
    // the owner withdrew what nobody has taken yet: whoever would take it next stops
    {
      to: 'front_desk',
      key: 'notice.withdrawn',
      when: (h) => h.data?.byReporter === true && h.ticket.kind !== 'complaint' && !h.ticket.assigneeId,
    },
    {
      to: 'cs_supervisor',
      key: 'notice.withdrawn',
      when: (h) => h.data?.byReporter === true && h.ticket.kind === 'complaint',
    },
    // an owner calling off an order someone has taken: the desk knows; those alerted to a danger hear it is off
    {
      to: 'front_desk',
      key: 'notice.cancelled_desk',
      when: (h) => h.data?.byReporter === true && h.ticket.kind !== 'complaint' && !!h.ticket.assigneeId,
    },
    { to: 'linked_reporters', key: 'notice.cancelled_linked' },
    // those told of a danger at once (create.ts) hear it was called off
    { to: 'dept_supervisor', key: 'notice.hazard_cancelled', when: (h) => dangerous(h.ticket) },
    { to: 'zone_manager', key: 'notice.hazard_cancelled', when: (h) => dangerous(h.ticket) },
  ],
  http: { action: 'cancel' },
  form: [{ name: 'note', type: 'textarea', required: true }],
  chat: { parse: (a) => (a.written ? { input: { note: a.written } } : { error: 'staff.reason_needed' }) },
});
