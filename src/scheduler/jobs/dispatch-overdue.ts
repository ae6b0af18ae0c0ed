import { remind } from '../context.js';
import type { TicketJob } from '../ticket-job.js';

/** A public-facility report not dispatched within `sla.dispatch` → front desk and zone manager. */
export const dispatchOverdue: TicketJob = {
  name: 'ticket.dispatch-overdue',
  due: (t) => (t.state === 'received' && t.sla?.dispatchBy ? t.sla.dispatchBy : null),
  async run(t, _step, ctx) {
    await remind(ctx, t, {
      message: 'dispatch_overdue',
      params: { minutes: Math.round(ctx.config.sla.dispatch / 60_000) },
      to: ['front_desk', 'zone_manager'],
      occurrence: `dispatch:${t._id}:${t.sla!.dispatchBy!.toISOString()}`,
    });
    return null;
  },
};
