import { z } from 'zod';
import { DISPATCHABLE } from '../domain/ticket-states.js';
import { note } from '../services/schemas.js';
import { defineEvent } from './define.js';

/**
 * 需要支援 / 搞不定: the worker on an order asks for a hand (a second worker, a tool, a decision).
 * The department supervisor and the zone manager hear it with the worker's words; the order stays
 * the worker's (a transfer or a quote is for the supervisor to decide).
 */
export const askHelp = defineEvent({
  name: 'ask_help',
  summary: 'Ask for help on an order (需要支援)',
  input: z.object({ note }).strict(),
  transitions: [
    { from: ['dispatched', 'accepted', 'on_site'], to: 'same', who: ['assignee'], kinds: DISPATCHABLE },
  ],
  effect: (_c, _t, d) => ({ note: d.note }),
  notices: [
    { to: 'dept_supervisor', key: 'notice.help_asked' },
    { to: 'zone_manager', key: 'notice.help_asked' },
  ],
  chat: {
    implied: ['accepted', 'on_site'],
    // "需要帮手" alone: the request itself is the note
    parse: (a) => {
      const said = a.written.replace(/^[\s,，。:：;；、]+/, '');
      return { input: { note: said || a.t('staff.help_asked_plain') } };
    },
  },
});
