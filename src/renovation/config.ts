import { z } from 'zod';
import { clockTimeSchema, durationSchema } from '../config/duration.js';

/** "08:00-12:00": a window of the working day, kept as minutes after midnight. */
const windowSchema = z
  .string()
  .regex(/^\d{2}:\d{2}-\d{2}:\d{2}$/, 'expected a window as "HH:MM-HH:MM"')
  .transform((s, ctx) => {
    const [from, to] = s.split('-').map((p) => clockTimeSchema.safeParse(p));
    if (!from?.success || !to?.success || from.data >= to.data) {
      ctx.addIssue({ code: 'custom', message: `invalid window ${JSON.stringify(s)}` });
      return z.NEVER;
    }
    return { from: from.data, to: to.data, text: s };
  });

/**
 * A span that may be calendar months ("1 month", "2 months": the same day of a later month, in
 * the community's time zone) or a plain duration ("1 hour", "30 days").
 */
export const calendarSpanSchema = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const m = typeof value === 'string' ? /^\s*(\d{1,2})\s*(months?|mo)\s*$/i.exec(value) : null;
  if (m && Number(m[1]) > 0) return { months: Number(m[1]) };
  const parsed = durationSchema.safeParse(value);
  if (!parsed.success) {
    ctx.addIssue({
      code: 'custom',
      message: `invalid span ${JSON.stringify(value)} (expected e.g. "1 month", "30 days", "1 hour")`,
    });
    return z.NEVER;
  }
  return { ms: parsed.data };
});
export type CalendarSpan = z.output<typeof calendarSpanSchema>;

/**
 * Renovation (装修管理, seed 003 part 2). Every number is the manual's, as a default:
 * apply 7 days ahead; works 8:00–12:00 and 14:00–18:00; 60 / 90 / at most 120 days; a daily
 * inspection; the deposit refunded one month after acceptance.
 */
export const renovationConfigSchema = z
  .object({
    /** The start date must be at least this far ahead of the application (提前七日). */
    applyAhead: durationSchema.prefault('7 days'),
    /** Working windows (2.5.5); outside them, work needs the office's written approval. */
    workHours: z.array(windowSchema).min(1).prefault(['08:00-12:00', '14:00-18:00']),
    /** Longest period per size of the works (2.5.10): small/medium 60, larger 90, at most 120 days. */
    periods: z
      .object({
        small: durationSchema.prefault('60 days'),
        large: durationSchema.prefault('90 days'),
        max: durationSchema.prefault('120 days'),
      })
      .strict()
      .prefault({}),
    /** The zone manager's inspection task is sent at this time every day while works run (4.2). */
    inspectionAt: clockTimeSchema.prefault('09:00'),
    /** An inspection task not done within this long is reported to the customer-service supervisor. */
    inspectionOverdue: durationSchema.prefault('1 day'),
    /** Deposit refunded this long after acceptance (5.4: 使用1个月后: one calendar month). */
    refundAfter: calendarSpanSchema.prefault('1 month'),
    /** How often the renovation sweep (inspection tasks, refunds) runs. */
    sweepEvery: durationSchema.prefault('15 minutes'),
    /** Items of the daily inspection checklist (keys under renovation.checklist.*). */
    checklist: z
      .array(z.string().regex(/^[a-z_]+$/))
      .min(1)
      .default([
        'permit_posted',
        'passes_worn',
        'fire_extinguisher',
        'no_structural',
        'waste_bagged',
        'hours_kept',
      ]),
  })
  .strict()
  .prefault({});

export type RenovationConfig = z.output<typeof renovationConfigSchema>;
