import { z } from 'zod';
import { note as noteText } from '../services/schemas.js';
import { dangerous } from './danger.js';
import { defineEvent } from './define.js';

/**
 * 补充: the owner adds to a report already registered ("在4栋2单元门口", "另外卫生间也有点渗"):
 * written onto the description, so the worker's notices and the console show it, and the worker
 * on it is told at once (on a danger, the supervisor and zone manager too).
 */
export const addDetail = defineEvent({
  name: 'add_detail',
  summary: 'Add detail to a report',
  input: z.object({ note: noteText }).strict(),
  transitions: [{ from: 'any_open', to: 'same', who: ['reporter', 'front_desk', 'admin'] }],
  effect: (_c, t, d) => ({
    set: { description: `${t.description}；${d.note}`.slice(0, 2000) },
    note: d.note,
  }),
  notices: [
    { to: 'assignee', key: 'notice.detail_added' },
    // where an owner in danger is, what happened: the supervisor and zone manager alerted hear it
    { to: 'dept_supervisor', key: 'notice.detail_added', when: (h) => dangerous(h.ticket) },
    { to: 'zone_manager', key: 'notice.detail_added', when: (h) => dangerous(h.ticket) },
  ],
  http: { action: 'add-detail' },
  form: [{ name: 'note', type: 'textarea', required: true }],
});
