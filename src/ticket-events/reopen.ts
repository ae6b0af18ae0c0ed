import { z } from 'zod';
import { note } from '../services/schemas.js';
import { defineEvent, followUpAfter } from './define.js';

/** Reopened by a manager: back to the front desk, who dispatches it again. */
export const reopen = defineEvent({
  name: 'reopen',
  summary: 'Reopen',
  input: z.object({ note }).strict(),
  transitions: [
    {
      from: ['closed', 'cancelled', 'filed'],
      to: 'received',
      who: ['cs_supervisor', 'zone_manager', 'director', 'head_office', 'admin'],
    },
  ],
  effect: (_c, _t, d) => ({
    set: {
      closedAt: null,
      completedAt: null,
      assigneeId: null,
      assigneeName: null,
      rating: null,
      callback: null,
    },
    note: d.note,
  }),
  clocks: (s, sla) => ({ followUpBy: followUpAfter(s, sla), callbackBy: null }),
  notices: [
    { to: 'front_desk', key: 'notice.reopened' },
    { to: 'reporter', key: 'notice.reopened_owner' },
  ],
  http: { action: 'reopen' },
  form: [{ name: 'note', type: 'textarea', required: true }],
});
