import { DateTime } from 'luxon';
import type { TFunction } from '../i18n.js';

/** A moment as people read it in chat, in the desk's time zone and the reader's language. */
export function formatWhen(t: TFunction, when: Date | string | null | undefined, timezone: string): string {
  if (!when) return '';
  const d = typeof when === 'string' ? DateTime.fromISO(when) : DateTime.fromJSDate(when);
  return d.setZone(timezone).toFormat(t('format.when'));
}

/**
 * An appointment window as people read it: "11月23日 14:00-16:00", "11月23日 19:00以后" (no end:
 * open-ended, "两点以后在家"), "11月23日 14:00" (a moment: the end is the start), or
 * "11月28日 09:00 至 11月29日 18:00" when it spans days. Every reader of an appointment (the
 * owner, the worker, the desk) reads it through this, so nobody loses the "以后".
 */
export function formatWindow(
  t: TFunction,
  from: Date | string,
  to: Date | string | null | undefined,
  timezone: string,
): string {
  const zoned = (v: Date | string) =>
    (typeof v === 'string' ? DateTime.fromISO(v) : DateTime.fromJSDate(v)).setZone(timezone);
  const a = zoned(from);
  const start = a.toFormat(t('format.when'));
  if (!to) return t('appointment.after', { from: start });
  const b = zoned(to);
  if (b.toMillis() === a.toMillis()) return start;
  if (a.hasSame(b, 'day')) return t('appointment.window', { from: start, to: b.toFormat('HH:mm') });
  return t('appointment.days', { from: start, to: b.toFormat(t('format.when')) });
}
