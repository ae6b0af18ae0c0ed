import { OPEN_STATES, type TicketState } from '../../domain/ticket-states.js';
import { remind } from '../context.js';
import { plus, type TicketJob } from '../ticket-job.js';

/**
 * Follow-up while open (事中跟进): engineering at least weekly, other departments every 3 days.
 * The zone manager is reminded when no follow-up was recorded in time, then again every interval
 * until one is (recording `跟进` moves the deadline and this job with it).
 */
export const followUp: TicketJob = {
  name: 'ticket.follow-up',
  due: (t) => (OPEN_STATES.includes(t.state as TicketState) && t.sla?.followUpBy ? t.sla.followUpBy : null),
  async run(t, step, ctx) {
    const every =
      t.department === 'engineering' ? ctx.config.sla.followUpEngineering : ctx.config.sla.followUpOther;
    await remind(ctx, t, {
      message: 'follow_up_due',
      params: { days: Math.round(every / 86_400_000) },
      to: ['zone_manager'],
      occurrence: `follow:${t._id}:${t.sla!.followUpBy!.toISOString()}:${step}`,
    });
    return plus(ctx.now(), every);
  },
};
