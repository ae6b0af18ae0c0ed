import { z } from 'zod';
import { DEPARTMENTS } from '../domain/roles.js';
import { COMPLAINT } from '../domain/ticket-states.js';
import { defineEvent, plus } from './define.js';

const SEVERITIES = ['normal', 'serious', 'malicious'] as const;

/** 定性: the customer-service supervisor classifies a complaint and routes it to a department. */
export const classify = defineEvent({
  name: 'classify',
  summary: 'Classify a complaint',
  input: z
    .object({ department: z.enum(DEPARTMENTS), severity: z.enum(SEVERITIES).default('normal') })
    .strict(),
  transitions: [{ from: ['received'], to: 'classified', who: ['cs_supervisor', 'admin'], kinds: COMPLAINT }],
  effect: (_c, t, d) => ({
    set: { department: d.department, complaint: { ...(t.complaint ?? {}), severity: d.severity } },
    data: { department: d.department, severity: d.severity },
  }),
  clocks: (s, sla) => ({ planBy: plus(s.now, sla.complaintPlan) }),
  notices: [
    { to: 'dept_supervisor', key: 'notice.complaint_routed' },
    { to: 'director', key: 'notice.complaint_serious', when: (h) => h.data?.severity === 'serious' },
  ],
  http: { action: 'classify' },
  form: [
    { name: 'department', type: 'department', required: true, options: DEPARTMENTS },
    { name: 'severity', type: 'select', options: SEVERITIES },
  ],
});
