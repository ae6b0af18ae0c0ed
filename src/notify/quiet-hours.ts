import { DateTime } from 'luxon';

/**
 * When a message to an owner may go out: `at` itself, or the end of quiet hours when `at` falls
 * inside them (quiet hours may span midnight, e.g. 21:00–08:00).
 */
export function afterQuietHours(at: Date, quietStart: number, quietEnd: number, timezone: string): Date {
  const local = DateTime.fromJSDate(at).setZone(timezone);
  const minute = local.hour * 60 + local.minute;
  const spansMidnight = quietStart > quietEnd;
  const quiet = spansMidnight
    ? minute >= quietStart || minute < quietEnd
    : minute >= quietStart && minute < quietEnd;
  if (!quiet) return at;
  const endToday = local.startOf('day').plus({ minutes: quietEnd });
  return (spansMidnight && minute >= quietStart ? endToday.plus({ days: 1 }) : endToday).toJSDate();
}
