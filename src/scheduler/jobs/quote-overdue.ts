import { remind } from '../context.js';
import type { TicketJob } from '../ticket-job.js';

/** A non-standard repair not quoted within `sla.quote` → the department (engineering) supervisor. */
export const quoteOverdue: TicketJob = {
  name: 'ticket.quote-overdue',
  due: (t) => (t.state === 'awaiting_quote' && t.sla?.quoteBy ? t.sla.quoteBy : null),
  async run(t, _step, ctx) {
    await remind(ctx, t, {
      message: 'quote_overdue',
      params: { minutes: Math.round(ctx.config.sla.quote / 60_000) },
      to: ['dept_supervisor'],
      occurrence: `quote:${t._id}:${t.sla!.quoteBy!.toISOString()}`,
    });
    return null;
  },
};
