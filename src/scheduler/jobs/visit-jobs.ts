import { DateTime } from 'luxon';
import { Zone } from '../../data/models/index.js';
import { recipientsFor } from '../../notify/recipients.js';
import { localTime, periodsOf } from '../../patrols/periods.js';
import { VisitService } from '../../visits/visit-service.js';
import { notifyEach } from '../context.js';
import { dailyAt, type PeriodicJob } from '../periodic-job.js';

/** How many households a reminder lists (the rest are counted). */
const LIST_MAX = 30;

const stub = (z: { communityId: unknown; _id: unknown }) =>
  ({ communityId: z.communityId, zoneId: z._id }) as never;

/** On `visits.planDay` at `visits.remindAt`: each zone's visit plan is made and its managers told. */
export const visitPlans: PeriodicJob = {
  name: 'visits.plans',
  cron: (config) => dailyAt(config.visits.remindAt),
  async run(ctx, claimOnce) {
    const now = ctx.now();
    if (localTime(now, ctx.config.timezone).day !== ctx.config.visits.planDay) return 0;
    const { month } = periodsOf(now, ctx.config.timezone);
    const service = new VisitService({ config: ctx.config, tickets: ctx.tickets, clock: ctx.now });
    let sent = 0;
    for (const z of await Zone.find({}).sort({ code: 1 }).lean()) {
      const plan = await service.planFor(z, month);
      const key = `visit-plan:${z._id}:${month}`;
      if (!(await claimOnce(key))) continue;
      sent += await notifyEach(ctx, await recipientsFor(stub(z), 'zone_manager'), 'visit_plan', key, (t) =>
        t('visits.notify.plan', {
          zone: z.name,
          month,
          households: plan.households,
          key: plan.keyUnitIds.length,
          supervisor: plan.supervisorUnitIds.length,
          meetings: plan.meetingBuildings.length ? plan.meetingBuildings.join('、') : t('visits.none'),
          due: ctx.config.visits.dueDay,
        }),
      );
    }
    return sent;
  },
};

/**
 * `visits.remindDaysBefore` days before the month's `visits.dueDay`: the managers of each zone
 * whose coverage falls short hear what is missing: the counts and the households not visited yet.
 */
export const visitReminders: PeriodicJob = {
  name: 'visits.reminders',
  cron: (config) => dailyAt(config.visits.remindAt),
  async run(ctx, claimOnce) {
    const cfg = ctx.config.visits;
    const local = localTime(ctx.now(), ctx.config.timezone);
    const due = DateTime.fromObject(
      { year: local.year, month: local.month, day: cfg.dueDay },
      { zone: ctx.config.timezone },
    );
    const daysLeft = Math.round(due.startOf('day').diff(local.startOf('day'), 'days').days);
    if (!cfg.remindDaysBefore.includes(daysLeft)) return 0;
    const month = local.toFormat('yyyy-LL');
    const service = new VisitService({ config: ctx.config, tickets: ctx.tickets, clock: ctx.now });
    let sent = 0;
    for (const z of await Zone.find({}).sort({ code: 1 }).lean()) {
      const c = await service.zoneCoverage(z, month);
      if (c.onTrack) continue;
      const key = `visit-remind:${z._id}:${month}:${daysLeft}`;
      if (!(await claimOnce(key))) continue;
      const left = (await service.zoneRemaining(z, month)).remaining;
      const shown = left.slice(0, LIST_MAX).map((u) => (u.key ? `${u.unit}★` : u.unit));
      sent += await notifyEach(
        ctx,
        await recipientsFor(stub(z), 'zone_manager'),
        'visit_reminder',
        key,
        (t) =>
          t('visits.notify.reminder', {
            zone: z.name,
            days: daysLeft,
            due: cfg.dueDay,
            visited: c.visitedThisMonth,
            households: c.households,
            keyVisited: c.keyVisitedThisMonth,
            keyNeeded: Math.ceil(c.keyCustomers * cfg.keyCustomerShare),
          }) +
          (left.length
            ? `\n${t('visits.notify.reminder_left', {
                count: left.length,
                units:
                  shown.join('、') +
                  (left.length > shown.length
                    ? t('visits.chat.and_more', { count: left.length - shown.length })
                    : ''),
              })}`
            : ''),
      );
    }
    return sent;
  },
};
