import { z } from 'zod';
import { isUnsatisfied } from '../domain/service-rules.js';
import { WORK_KINDS, type TicketSnapshot, type TicketState } from '../domain/ticket-states.js';
import { defineEvent, plus, STAGES_ENDED } from './define.js';

const input = z
  .object({ score: z.number().int().min(1).max(5), comment: z.string().trim().max(500).optional() })
  .strict();
const who = ['reporter', 'front_desk', 'admin'] as const;

/** Rework goes back to the worker who did it, or to the front desk when there was none. */
export const reworkState = (t: TicketSnapshot): TicketState => (t.assigneeId ? 'dispatched' : 'received');

/** The owner's rating (评价); a low one is `rate_unsatisfied`. */
export const rate = defineEvent({
  name: 'rate',
  summary: 'Rate (评价)',
  input,
  variant: (d, config) => (isUnsatisfied(d.score, config.rating) ? 'rate_unsatisfied' : 'rate'),
  transitions: [{ from: ['completed'], to: 'rated', who, kinds: WORK_KINDS }],
  effect: (c, _t, d) => ({
    set: { rating: { score: d.score, comment: d.comment, at: c.now } },
    note: d.comment,
    data: { score: d.score },
  }),
  notices: [{ to: 'assignee', key: 'notice.rated_staff' }],
  http: { action: 'rate' },
  form: [
    { name: 'score', type: 'score', required: true },
    { name: 'comment', type: 'textarea' },
  ],
});

/** An unsatisfied rating opens rework (返工): the worker gets it back with the owner's words. */
export const rateUnsatisfied = defineEvent({
  name: 'rate_unsatisfied',
  summary: 'Unsatisfied rating: rework (返工)',
  input,
  via: 'rate',
  transitions: [{ from: ['completed'], to: reworkState, who, kinds: WORK_KINDS }],
  effect: (c, t, d, to) => ({
    set: {
      rating: { score: d.score, comment: d.comment, at: c.now },
      reworkCount: (t.reworkCount ?? 0) + 1,
      ...(to === 'dispatched' ? { acceptedAt: null, arrivedAt: null, completedAt: null } : {}),
    },
    note: d.comment,
    data: { score: d.score },
  }),
  clocks: (s, sla) =>
    s.to === 'dispatched'
      ? { ...STAGES_ENDED, callbackBy: null, acceptBy: plus(s.now, sla.accept) }
      : { ...STAGES_ENDED, callbackBy: null },
  notices: [
    { to: 'assignee', key: 'notice.rework_assignee' },
    { to: 'zone_manager', key: 'notice.rework' },
    { to: 'front_desk', key: 'notice.rework', when: (h) => !h.ticket.assigneeId },
  ],
});
