import { escalationRoles } from '../../domain/service-rules.js';
import { remind } from '../context.js';
import type { TicketJob } from '../ticket-job.js';

/** A complaint whose handling plan deadline passed before it was handled → supervisors. */
export const planOverdue: TicketJob = {
  name: 'ticket.plan-overdue',
  due: (t) =>
    t.kind === 'complaint' &&
    ['classified', 'planned', 'handling', 'escalated'].includes(t.state) &&
    t.sla?.planBy
      ? t.sla.planBy
      : null,
  async run(t, _step, ctx) {
    await remind(ctx, t, {
      message: 'plan_overdue',
      to: t.escalationLevel ? escalationRoles(t.escalationLevel) : ['dept_supervisor', 'cs_supervisor'],
      occurrence: `plan:${t._id}:${t.sla!.planBy!.toISOString()}`,
    });
    return null;
  },
};
