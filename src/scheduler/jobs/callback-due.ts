import { remind } from '../context.js';
import type { TicketJob } from '../ticket-job.js';

/**
 * No rating within 1 working day of completion → the zone manager is told to call back (回访);
 * still no callback `scheduler.callbackOverdueWorkingDays` later → the customer-service supervisor.
 */
export const callbackDue: TicketJob = {
  name: 'ticket.callback-due',
  due: (t) =>
    ['completed', 'rated', 'handled'].includes(t.state) && t.sla?.callbackBy ? t.sla.callbackBy : null,
  async run(t, step, ctx) {
    const occurrence = `callback:${t._id}:${t.sla!.callbackBy!.toISOString()}:${step}`;
    if (step === 0) {
      await remind(ctx, t, { message: 'callback_due', to: ['zone_manager'], occurrence });
      return ctx.calendar.addWorkingDays(ctx.now(), ctx.config.scheduler.callbackOverdueWorkingDays);
    }
    await remind(ctx, t, { message: 'callback_overdue', to: ['cs_supervisor'], occurrence });
    return null;
  },
};
