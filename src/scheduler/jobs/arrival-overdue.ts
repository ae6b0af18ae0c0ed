import { remind } from '../context.js';
import type { TicketJob } from '../ticket-job.js';

/**
 * Not on site in time (in-unit 15 min after accepting, public 10 min, or 5 min before an
 * appointment) → the assignee and the department supervisor.
 */
export const arrivalOverdue: TicketJob = {
  name: 'ticket.arrival-overdue',
  due: (t) => (t.state === 'accepted' && t.sla?.arriveBy ? t.sla.arriveBy : null),
  async run(t, _step, ctx) {
    await remind(ctx, t, {
      message: t.appointment?.from ? 'arrival_overdue_appointment' : 'arrival_overdue',
      to: ['assignee', 'dept_supervisor'],
      occurrence: `arrive:${t._id}:${t.sla!.arriveBy!.toISOString()}`,
    });
    return null;
  },
};
