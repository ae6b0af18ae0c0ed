import { z } from 'zod';
import { ValidationError } from '../domain/errors.js';
import { COMPLAINT } from '../domain/ticket-states.js';
import { note } from '../services/schemas.js';
import { assertDateAhead } from '../services/input-rules.js';
import { defineEvent, plus } from './define.js';

/** 处理方案: the department's plan with its deadline; the owner hears both. */
export const plan = defineEvent({
  name: 'plan',
  summary: 'Plan complaint handling',
  input: z.object({ plan: note, deadline: z.coerce.date().optional() }).strict(),
  transitions: [
    {
      from: ['classified', 'escalated'],
      to: 'planned',
      who: ['dept_supervisor_of', 'cs_supervisor', 'escalation_owner', 'admin'],
      kinds: COMPLAINT,
    },
  ],
  effect: (c, t, d) => {
    if (d.deadline && d.deadline <= c.now) throw new ValidationError(['deadline: must be in the future']);
    assertDateAhead('deadline', d.deadline, c.now);
    return {
      set: { complaint: { ...(t.complaint ?? {}), plan: d.plan, planDeadline: d.deadline } },
      note: d.plan,
      deadline: d.deadline,
    };
  },
  clocks: (s, sla) => ({ planBy: s.deadline ?? plus(s.now, sla.complaintPlan) }),
  notices: [{ to: 'reporter', key: 'notice.complaint_planned' }],
  http: { action: 'plan' },
  form: [
    { name: 'plan', type: 'textarea', required: true },
    { name: 'deadline', type: 'datetime' },
  ],
  chat: { parse: (a) => (a.written ? { input: { plan: a.written } } : { error: 'staff.text_needed' }) },
});
