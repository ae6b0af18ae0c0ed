import { Patrol, Zone } from '../../data/models/index.js';
import { periodsOf, localTime } from '../../patrols/periods.js';
import { VacantUnits } from '../../patrols/vacant-service.js';
import { recipientsFor } from '../../notify/recipients.js';
import { notifyEach } from '../context.js';
import { clockText, dailyAt, type PeriodicJob } from '../periodic-job.js';

const stub = (z: { communityId: unknown; _id: unknown }) =>
  ({ communityId: z.communityId, zoneId: z._id }) as never;

/**
 * At `patrols.dailyDueAt`: on working days, each zone manager whose zone has no daily patrol
 * today; on `patrols.weeklyReminderDay`, zones short of the week's team patrols (their managers)
 * and of the supervisor's checks (the customer-service supervisors); on
 * `patrols.vacantReminderDays`, the vacant units still short of the month's inspections.
 */
export const patrolReminders: PeriodicJob = {
  name: 'patrols.reminders',
  cron: (config) => dailyAt(config.patrols.dailyDueAt),
  async run(ctx, claimOnce) {
    const cfg = ctx.config.patrols;
    const now = ctx.now();
    const p = periodsOf(now, ctx.config.timezone);
    const local = localTime(now, ctx.config.timezone);
    let sent = 0;
    const zones = await Zone.find({}).sort({ code: 1 }).lean();
    const patrols = await Patrol.find(
      { $or: [{ day: p.day }, { week: p.week }] },
      { zoneId: 1, kind: 1, day: 1 },
    ).lean();
    const of = (zoneId: unknown, kind: string) =>
      patrols.filter((x) => String(x.zoneId) === String(zoneId) && x.kind === kind);

    if (ctx.calendar.isWorkingDay(now)) {
      for (const z of zones) {
        if (of(z._id, 'daily').some((x) => x.day === p.day)) continue;
        const key = `patrol-daily:${z._id}:${p.day}`;
        if (!(await claimOnce(key))) continue;
        const people = await recipientsFor(stub(z), 'zone_manager');
        sent += await notifyEach(ctx, people, 'patrol_daily_missing', key, (t) =>
          t('patrols.notify.daily_missing', {
            zone: z.name,
            day: p.day,
            due: clockText(cfg.dailyEscalateAt),
          }),
        );
      }
    }
    if (local.weekday === cfg.weeklyReminderDay) {
      const bySupervisor = new Map<string, string[]>();
      for (const z of zones) {
        const team = of(z._id, 'team').length;
        if (team < cfg.teamPerWeek) {
          const key = `patrol-team:${z._id}:${p.week}`;
          if (await claimOnce(key)) {
            const people = await recipientsFor(stub(z), 'zone_manager');
            sent += await notifyEach(ctx, people, 'patrol_team_missing', key, (t) =>
              t('patrols.notify.team_missing', { zone: z.name, done: team, required: cfg.teamPerWeek }),
            );
          }
        }
        if (of(z._id, 'supervisor').length < cfg.supervisorPerWeek) {
          const c = String(z.communityId);
          bySupervisor.set(c, [...(bySupervisor.get(c) ?? []), z.name]);
        }
      }
      for (const [communityId, names] of bySupervisor) {
        const key = `patrol-supervisor:${communityId}:${p.week}`;
        if (!(await claimOnce(key))) continue;
        const people = await recipientsFor({ communityId } as never, 'cs_supervisor');
        sent += await notifyEach(ctx, people, 'patrol_supervisor_missing', key, (t) =>
          t('patrols.notify.supervisor_missing', { zones: names.join('、') }),
        );
      }
    }
    if (cfg.vacantReminderDays.includes(local.day)) {
      const due = await new VacantUnits({ config: ctx.config, tickets: ctx.tickets }).dueByZone(p.month);
      for (const z of zones) {
        const units = due.get(String(z._id));
        if (!units?.length) continue;
        const key = `vacant-due:${z._id}:${p.day}`;
        if (!(await claimOnce(key))) continue;
        const people = await recipientsFor(stub(z), 'zone_manager');
        sent += await notifyEach(ctx, people, 'vacant_due', key, (t) =>
          t('patrols.notify.vacant_due', {
            zone: z.name,
            month: p.month,
            count: units.length,
            required: cfg.vacantPerMonth,
            units: units.slice(0, 20).join('、'),
          }),
        );
      }
    }
    return sent;
  },
};

/** At `patrols.dailyEscalateAt` on working days: the supervisors hear which zones have no daily patrol. */
export const patrolEscalation: PeriodicJob = {
  name: 'patrols.escalation',
  cron: (config) => dailyAt(config.patrols.dailyEscalateAt),
  async run(ctx, claimOnce) {
    const now = ctx.now();
    if (!ctx.calendar.isWorkingDay(now)) return 0;
    const p = periodsOf(now, ctx.config.timezone);
    const zones = await Zone.find({}).sort({ code: 1 }).lean();
    const done = await Patrol.find({ day: p.day, kind: 'daily' }, { zoneId: 1 }).lean();
    const missing = new Map<string, string[]>();
    for (const z of zones) {
      if (done.some((x) => String(x.zoneId) === String(z._id))) continue;
      const c = String(z.communityId);
      missing.set(c, [...(missing.get(c) ?? []), z.name]);
    }
    let sent = 0;
    for (const [communityId, names] of missing) {
      const key = `patrol-escalate:${communityId}:${p.day}`;
      if (!(await claimOnce(key))) continue;
      const people = await recipientsFor({ communityId } as never, 'cs_supervisor');
      sent += await notifyEach(ctx, people, 'patrol_daily_missing', key, (t) =>
        t('patrols.notify.daily_missing_supervisor', { day: p.day, zones: names.join('、') }),
      );
    }
    return sent;
  },
};
