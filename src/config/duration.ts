import ms from 'ms';
import { z } from 'zod';

/**
 * A duration written for people ("5 minutes", "10 seconds", "7 days", "1.5h") or a number of
 * milliseconds. Parsed once, when the configuration loads, into milliseconds.
 */
export const durationSchema = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const parsed = typeof value === 'number' ? value : ms(value.trim() as ms.StringValue);
  if (typeof parsed !== 'number' || !Number.isFinite(parsed) || parsed <= 0) {
    ctx.addIssue({
      code: 'custom',
      message: `invalid duration ${JSON.stringify(value)} (expected e.g. "5 minutes", "10 seconds", "7 days")`,
    });
    return z.NEVER;
  }
  return Math.round(parsed);
});

/** "HH:MM" on a 24-hour clock, kept as minutes after midnight. */
export const clockTimeSchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time of day as "HH:MM"')
  .transform((s) => {
    const [h, m] = s.split(':').map(Number) as [number, number];
    return h * 60 + m;
  });

export const isoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as "YYYY-MM-DD"');
