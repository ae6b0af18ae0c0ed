import { remind } from '../context.js';
import { minutes, plus, type TicketJob } from '../ticket-job.js';

/**
 * An order not accepted within `sla.accept` climbs the ladder (`scheduler.acceptLadder`): the
 * assignee, then the department supervisor, then the zone manager and customer-service
 * supervisor, one step every `sla.accept`.
 */
export const acceptOverdue: TicketJob = {
  name: 'ticket.accept-overdue',
  due: (t) => (t.state === 'dispatched' && t.sla?.acceptBy ? t.sla.acceptBy : null),
  async run(t, step, ctx) {
    const ladder = ctx.config.scheduler.acceptLadder;
    const to = ladder[Math.min(step, ladder.length - 1)]!;
    await remind(ctx, t, {
      message: step === 0 ? 'accept_overdue_assignee' : 'accept_overdue_escalated',
      params: { minutes: minutes(ctx.config.sla.accept * (step + 1)), step: step + 1 },
      to: to.includes('assignee') && !t.assigneeId ? ['dept_supervisor'] : to,
      occurrence: `accept:${t._id}:${t.sla!.acceptBy!.toISOString()}:${step}`,
    });
    return step + 1 < ladder.length ? plus(ctx.now(), ctx.config.sla.accept) : null;
  },
};
