import { z } from 'zod';
import { note as noteText } from '../services/schemas.js';
import { WORK_KINDS } from '../domain/ticket-states.js';
import { defineEvent, EVERY_DESK, followUpAfter } from './define.js';

/**
 * 备注: a note on the timeline; nobody is told. An owner asking to call off an order whose worker
 * is already on site (`withdrawRequest`) leaves one too: the worker and the front desk hear it,
 * and the desk cancels once the worker confirms.
 */
export const note = defineEvent({
  name: 'note',
  summary: 'Add a note',
  input: z.object({ note: noteText, withdrawRequest: z.boolean().optional() }).strict(),
  transitions: [
    { from: 'any', to: 'same', who: EVERY_DESK },
    { from: ['on_site'], to: 'same', who: ['reporter'], kinds: WORK_KINDS },
  ],
  effect: (_c, _t, d) => ({ note: d.note, data: d.withdrawRequest ? { withdrawRequest: true } : undefined }),
  notices: [
    { to: 'assignee', key: 'notice.withdraw_requested', when: (h) => h.data?.withdrawRequest === true },
    {
      to: 'front_desk',
      key: 'notice.withdraw_requested_desk',
      when: (h) => h.data?.withdrawRequest === true,
    },
  ],
  http: { action: 'note' },
  form: [{ name: 'note', type: 'textarea', required: true }],
  chat: {
    implied: ['dispatched', 'accepted', 'on_site'],
    parse: (a) => (a.written ? { input: { note: a.written } } : { error: 'staff.text_needed' }),
  },
});

/** 事中跟进: a follow-up while open; renews the follow-up deadline. */
export const followUp = defineEvent({
  name: 'follow_up',
  summary: 'Record a follow-up',
  input: z.object({ note: noteText }).strict(),
  transitions: [
    { from: 'any_open', to: 'same', who: ['zone_manager', 'cs_supervisor', 'front_desk', 'system', 'admin'] },
  ],
  effect: (_c, _t, d) => ({ note: d.note }),
  clocks: (s, sla) => ({ followUpBy: followUpAfter(s, sla) }),
  http: { action: 'follow-up' },
  form: [{ name: 'note', type: 'textarea', required: true }],
  chat: { parse: (a) => (a.written ? { input: { note: a.written } } : { error: 'staff.text_needed' }) },
});

/**
 * A reminder a job sent (who was told, why). Reminders are now kept in the reminder log beside the
 * timeline (src/data/ticket-reminders.ts) and shown as this event; this definition remains for
 * timelines recorded before it, and nothing fires it.
 */
export const remind = defineEvent({
  name: 'remind',
  summary: 'Record a reminder',
  input: z
    .object({ data: z.record(z.string(), z.unknown()).default({}), note: z.string().optional() })
    .strict(),
  transitions: [{ from: 'any_open', to: 'same', who: ['system', 'admin'] }],
  effect: (_c, _t, d) => ({ data: d.data, note: d.note || undefined }),
});
