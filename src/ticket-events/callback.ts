import { Types } from 'mongoose';
import { z } from 'zod';
import { atTopEscalation } from '../domain/service-rules.js';
import { COMPLAINT, WORK_KINDS, type TicketSnapshot } from '../domain/ticket-states.js';
import { note } from '../services/schemas.js';
import { CALLERS, defineEvent, plus, STAGES_ENDED, type Effect, type EffectContext } from './define.js';
import { reworkState } from './rate.js';
import type { TicketDoc } from '../data/models/ticket.js';

const input = z
  .object({
    satisfied: z.boolean(),
    method: z.enum(['chat', 'phone', 'visit']).default('chat'),
    note: note.optional(),
  })
  .strict();
type Input = z.infer<typeof input>;

/** The owner answering "are you satisfied?" in chat is the complaint's callback by chat. */
const COMPLAINT_CALLERS = [...CALLERS, 'reporter'] as const;

const record = (c: EffectContext, d: Input) => ({
  satisfied: d.satisfied,
  method: d.method,
  note: d.note,
  at: c.now,
  by: c.actor.personId ? new Types.ObjectId(c.actor.personId) : undefined,
  byName: c.actor.name,
});

/** 回访, satisfied: the loop closes (a complaint is filed, 备案). */
export const callback = defineEvent({
  name: 'callback',
  summary: 'Record a callback (回访)',
  input,
  variant: (d) => (d.satisfied ? 'callback' : 'callback_unsatisfied'),
  transitions: [
    { from: ['completed', 'rated'], to: 'called_back', who: CALLERS, kinds: WORK_KINDS },
    { from: ['handled'], to: 'filed', who: COMPLAINT_CALLERS, kinds: COMPLAINT },
  ],
  effect: (c, _t, d, to): Effect => ({
    set: { callback: record(c, d), ...(to === 'filed' ? { closedAt: c.now } : {}) },
    note: d.note,
    data: { satisfied: true, method: d.method },
  }),
  clocks: () => ({ callbackBy: null }),
  http: { action: 'callback' },
  fixed: { satisfied: true },
  form: [
    { name: 'satisfied', type: 'boolean', required: true },
    { name: 'method', type: 'select', options: ['chat', 'phone', 'visit'] },
    { name: 'note', type: 'textarea' },
  ],
  chat: {
    parse(a) {
      const m = /^(非常满意|很满意|不满意|满意|一般|unsatisfied|satisfied)\s*(.*)$/is.exec(a.rest);
      if (!m) return { error: 'staff.callback_usage' };
      const satisfied = !/^(不满意|unsatisfied)$/i.test(m[1]!);
      return { input: { satisfied, method: 'phone' as const, note: m[2]!.trim() || undefined } };
    },
  },
});

const afterUnsatisfiedComplaint = (t: TicketSnapshot) =>
  atTopEscalation(t.escalationLevel) ? 'filed' : 'escalated';

/** 回访, unsatisfied: a work order goes back for rework; a complaint goes up a level. */
export const callbackUnsatisfied = defineEvent({
  name: 'callback_unsatisfied',
  summary: 'Unsatisfied callback: rework or escalation',
  input,
  via: 'callback',
  fixed: { satisfied: false },
  transitions: [
    { from: ['completed', 'rated'], to: reworkState, who: CALLERS, kinds: WORK_KINDS },
    { from: ['handled'], to: afterUnsatisfiedComplaint, who: COMPLAINT_CALLERS, kinds: COMPLAINT },
  ],
  effect: (c, t: TicketDoc, d, to): Effect => ({
    set: {
      callback: record(c, d),
      ...(to === 'filed' ? { closedAt: c.now } : {}),
      ...(t.kind !== 'complaint' ? { reworkCount: (t.reworkCount ?? 0) + 1 } : {}),
      ...(to === 'dispatched' ? { acceptedAt: null, arrivedAt: null, completedAt: null } : {}),
      ...(to === 'escalated' ? { escalationLevel: (t.escalationLevel ?? 0) + 1, escalatedAt: c.now } : {}),
    },
    note: d.note,
    data: {
      satisfied: false,
      method: d.method,
      ...(to === 'escalated' ? { level: (t.escalationLevel ?? 0) + 1 } : {}),
    },
  }),
  clocks: (s, sla) =>
    s.to === 'dispatched'
      ? { ...STAGES_ENDED, callbackBy: null, acceptBy: plus(s.now, sla.accept) }
      : { ...STAGES_ENDED, callbackBy: null },
  notices: [
    { to: 'assignee', key: 'notice.rework_assignee', when: (h) => h.ticket.kind !== 'complaint' },
    { to: 'zone_manager', key: 'notice.rework', when: (h) => h.ticket.kind !== 'complaint' },
    // the owner said so to the caller: told the order is being done again, and by whom
    {
      to: 'reporter',
      key: 'notice.rework_owner',
      when: (h) => h.ticket.kind !== 'complaint' && h.to === 'dispatched',
    },
    { to: 'escalation_level', key: 'notice.escalated', when: (h) => h.to === 'escalated' },
    { to: 'reporter', key: 'notice.escalated_owner', when: (h) => h.to === 'escalated' },
  ],
});
