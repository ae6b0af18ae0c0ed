import { z } from 'zod';
import { ConflictError } from '../domain/errors.js';
import { atTopEscalation } from '../domain/service-rules.js';
import { COMPLAINT, WORK_KINDS } from '../domain/ticket-states.js';
import { note } from '../services/schemas.js';
import { defineEvent, SUPERVISORS } from './define.js';

/** 升级: up one level (director, then head office); they are told, and so is the owner. */
export const escalate = defineEvent({
  name: 'escalate',
  summary: 'Escalate (升级)',
  input: z.object({ note }).strict(),
  transitions: [
    {
      from: 'any_open',
      to: 'same',
      who: ['zone_manager', 'cs_supervisor', 'director', 'system', 'admin'],
      kinds: WORK_KINDS,
    },
    {
      from: ['received', 'classified', 'planned', 'handling', 'handled'],
      to: 'escalated',
      who: [...SUPERVISORS, 'system'],
      kinds: COMPLAINT,
    },
  ],
  effect: (c, t, d) => {
    if (atTopEscalation(t.escalationLevel ?? 0))
      throw new ConflictError('escalation_at_top', { number: t.number });
    const level = (t.escalationLevel ?? 0) + 1;
    return { set: { escalationLevel: level, escalatedAt: c.now }, note: d.note, data: { level } };
  },
  notices: [
    { to: 'escalation_level', key: 'notice.escalated' },
    { to: 'reporter', key: 'notice.escalated_owner' },
  ],
  http: { action: 'escalate' },
  form: [{ name: 'note', type: 'textarea', required: true }],
  chat: { parse: (a) => (a.written ? { input: { note: a.written } } : { error: 'staff.reason_needed' }) },
});
