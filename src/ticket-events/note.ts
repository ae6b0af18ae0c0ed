import { z } from 'zod';
import { note as noteText } from '../services/schemas.js';
import { defineEvent, EVERY_DESK, followUpAfter } from './define.js';

/** 备注: a note on the timeline; nobody is told. */
export const note = defineEvent({
  name: 'note',
  summary: 'Add a note',
  input: z.object({ note: noteText }).strict(),
  transitions: [{ from: 'any', to: 'same', who: EVERY_DESK }],
  effect: (_c, _t, d) => ({ note: d.note }),
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

/** A reminder a job sent, recorded on the timeline (who was told, why). */
export const remind = defineEvent({
  name: 'remind',
  summary: 'Record a reminder',
  input: z
    .object({ data: z.record(z.string(), z.unknown()).default({}), note: z.string().optional() })
    .strict(),
  transitions: [{ from: 'any_open', to: 'same', who: ['system', 'admin'] }],
  effect: (_c, _t, d) => ({ data: d.data, note: d.note || undefined }),
});
