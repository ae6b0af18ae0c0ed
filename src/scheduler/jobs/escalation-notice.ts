import { remind } from '../context.js';
import type { TicketJob } from '../ticket-job.js';

/** A complaint escalated after an unsatisfied callback → the director (level 1) or head office (2). */
export const escalationNotice: TicketJob = {
  name: 'ticket.escalation-notice',
  due: (t) => (t.state === 'escalated' && t.escalatedAt ? t.escalatedAt : null),
  async run(t, _step, ctx) {
    await remind(ctx, t, {
      message: 'escalated',
      params: { level: t.escalationLevel },
      to: t.escalationLevel >= 2 ? ['head_office', 'director'] : ['director', 'cs_supervisor'],
      occurrence: `escalated:${t._id}:${t.escalationLevel}:${t.escalatedAt!.toISOString()}`,
    });
    return null;
  },
};
