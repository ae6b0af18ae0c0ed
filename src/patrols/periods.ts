import { DateTime } from 'luxon';

/** The local day, ISO week and month a moment falls in ("2026-12-02", "2026-W49", "2026-12"). */
export function periodsOf(at: Date, timezone: string): { day: string; week: string; month: string } {
  const t = DateTime.fromJSDate(at).setZone(timezone);
  return { day: t.toFormat('yyyy-LL-dd'), week: t.toFormat("kkkk-'W'WW"), month: t.toFormat('yyyy-LL') };
}

/** The local time of a moment. */
export const localTime = (at: Date, timezone: string) => DateTime.fromJSDate(at).setZone(timezone);
