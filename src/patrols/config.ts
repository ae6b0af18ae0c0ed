import { z } from 'zod';
import { clockTimeSchema } from '../config/duration.js';

const isoWeekday = z.number().int().min(1).max(7);
const dayOfMonth = z.number().int().min(1).max(28);

/**
 * Patrols and vacant units (seed 000 §2 and §8, seed 002 第七條): every cadence and reminder time,
 * with the manuals' values as defaults.
 */
export const patrolsConfigSchema = z
  .object({
    /** The zone manager's daily patrol (每日巡视); not recorded by this time: the manager is reminded. */
    dailyDueAt: clockTimeSchema.prefault('16:30'),
    /** Still not recorded by this time: the customer-service supervisor hears of it (seed 000 5.7). */
    dailyEscalateAt: clockTimeSchema.prefault('17:30'),
    /** Team patrols (片区小组巡检) and the supervisor's check (客服主管巡检) each zone needs per ISO week. */
    teamPerWeek: z.number().int().min(0).max(7).default(1),
    supervisorPerWeek: z.number().int().min(0).max(7).default(1),
    /** The weekly patrols still missing are reminded on this ISO weekday (5 = Friday) at `dailyDueAt`. */
    weeklyReminderDay: isoWeekday.default(5),
    /**
     * How patrols feed the zone score's 30% public-area inspection part: the month's share of
     * checklist items found in order × 100. `entered`: an entered score wins over the patrols'
     * (the supervisor's judgement), which fill the months without one. `patrols`: patrols only.
     */
    inspectionSource: z.enum(['entered', 'patrols']).default('entered'),
    /** A month needs at least this many patrols in a zone before they make its inspection score. */
    minPatrolsForScore: z.number().int().min(1).default(1),
    /** Vacant units (空置房): inspections each needs per calendar month (每月至少两次). */
    vacantPerMonth: z.number().int().min(1).max(31).default(2),
    /** Days of the month the zone managers are told which vacant units still lack inspections. */
    vacantReminderDays: z.array(dayOfMonth).min(1).default([15, 25]),
  })
  .strict()
  .prefault({});

export type PatrolsConfig = z.output<typeof patrolsConfigSchema>;
