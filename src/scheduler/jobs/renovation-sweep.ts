import { RenovationService } from '../../renovation/service.js';
import { inspectionDue } from '../../renovation/rules.js';
import type { JobContext } from '../context.js';

export interface RenovationSweepResult {
  inspectionTasks: string[];
  missedInspections: string[];
  refunded: string[];
}

/**
 * Every `renovation.sweepEvery`: from `renovation.inspectionAt` on, each running renovation's
 * zone manager gets the day's inspection task (once per day, recorded on the application);
 * inspections missing for longer than `inspectionOverdue` go to the customer-service supervisor;
 * deposits whose refund date (`refundAfter` after acceptance) has come are refunded and finance
 * told. Each step is idempotent (per-day task list, state change by version, deduplicated
 * notifications), so a duplicated or retried run acts once.
 */
export async function renovationSweep(ctx: JobContext): Promise<RenovationSweepResult> {
  const service = new RenovationService({ config: ctx.config, notifier: ctx.notifier, clock: ctx.now });
  const inspectionTasks = inspectionDue(ctx.now(), ctx.config.renovation, ctx.config.timezone)
    ? await service.sendInspectionTasks()
    : [];
  const missedInspections = await service.reportMissedInspections();
  const refunded = await service.refundDue();
  if (inspectionTasks.length || refunded.length || missedInspections.length)
    ctx.log.info({ inspectionTasks, missedInspections, refunded }, 'renovation sweep');
  return { inspectionTasks, missedInspections, refunded };
}
