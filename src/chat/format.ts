import { DateTime } from 'luxon';
import type { TFunction } from '../i18n.js';

/** A moment as people read it in chat, in the desk's time zone and the reader's language. */
export function formatWhen(t: TFunction, when: Date | string | null | undefined, timezone: string): string {
  if (!when) return '';
  const d = typeof when === 'string' ? DateTime.fromISO(when) : DateTime.fromJSDate(when);
  return d.setZone(timezone).toFormat(t('format.when'));
}
