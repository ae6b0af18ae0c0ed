import { z } from 'zod';
import { clockTimeSchema } from '../config/duration.js';

const fraction = z.number().min(0).max(1);
const dayOfMonth = z.number().int().min(1).max(28);

/**
 * Household visits (拜访, seed 003 篇5 §5 and seed 000 §3): cadences, the month's deadline and
 * its reminders, with the manuals' values as defaults.
 */
export const visitsConfigSchema = z
  .object({
    /** Visits per household per month by its zone's assistant (客服助理每月每户回访1次). */
    assistantPerMonth: z.number().int().min(0).max(10).default(1),
    /** Supervisor visits per household per year (客服主管每年每户1~2次): at least `min`, at most `max`. */
    supervisorPerYearMin: z.number().int().min(0).max(12).default(1),
    supervisorPerYearMax: z.number().int().min(1).max(12).default(2),
    /** Key customers (重点客户): at least this share visited each month … */
    keyCustomerShare: fraction.default(0.2),
    /** … and every one of them within this many months (每5个月覆盖一次). */
    keyCustomerCycleMonths: z.number().int().min(1).max(24).default(5),
    /** A building meeting (楼长会) per building every this many months (每季度一次). */
    buildingMeetingEveryMonths: z.number().int().min(1).max(12).default(3),
    /** The month's visit records are complete by this day (每月28日前). */
    dueDay: dayOfMonth.default(28),
    /** Reminders of what is still missing, this many days before `dueDay`, at `remindAt`. */
    remindDaysBefore: z.array(z.number().int().min(0).max(27)).min(1).default([7, 3, 1]),
    remindAt: clockTimeSchema.prefault('09:00'),
    /** Day of the month the monthly plans are made, at `remindAt`. */
    planDay: dayOfMonth.default(1),
  })
  .strict()
  .refine((v) => v.supervisorPerYearMax >= v.supervisorPerYearMin, 'supervisorPerYearMax is below the min')
  .prefault({});

export type VisitsConfig = z.output<typeof visitsConfigSchema>;
