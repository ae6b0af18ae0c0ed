import { DateTime } from 'luxon';
import { chineseNumber } from '../chat/text/appointment.js';

const num = (s: string | undefined) =>
  s === undefined ? undefined : /^\d+$/.test(s) ? Number(s) : chineseNumber(s);
const N = '(\\d{1,4}|[零一二两三四五六七八九十]{1,3})';

/**
 * A calendar date as an owner writes it: 2026-12-20, 2026年12月20日, 12月20号, 12/20, 12.20,
 * 下个月5号, 下月五号, 20号 (this month, or next when past). Returns an ISO date or undefined.
 */
export function readDate(text: string, now: Date, timezone: string): string | undefined {
  const today = DateTime.fromJSDate(now).setZone(timezone).startOf('day');
  const s = text.replace(/\s+/g, '');
  const build = (y: number, m: number, d: number) => {
    const dt = DateTime.fromObject({ year: y, month: m, day: d }, { zone: timezone });
    return dt.isValid ? dt.toISODate()! : undefined;
  };
  let m = /(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})[日号]?/.exec(s);
  if (m) return build(Number(m[1]), Number(m[2]), Number(m[3]));
  m = new RegExp(`下个?月${N}[日号]`).exec(s);
  if (m) {
    const next = today.plus({ months: 1 });
    const d = num(m[1]);
    return d ? build(next.year, next.month, d) : undefined;
  }
  m = new RegExp(`${N}月${N}[日号]?`).exec(s) ?? /(?<!\d)(\d{1,2})[/.-](\d{1,2})(?!\d)/.exec(s);
  if (m) {
    const [mo, d] = [num(m[1]), num(m[2])];
    if (!mo || !d) return undefined;
    const iso = build(today.year, mo, d);
    // a month-day already past this year means next year's
    return iso && iso < today.toISODate()! ? build(today.year + 1, mo, d) : iso;
  }
  m = new RegExp(`^${N}[日号]$`).exec(s);
  if (m) {
    const d = num(m[1]);
    if (!d) return undefined;
    const iso = build(today.year, today.month, d);
    const next = today.plus({ months: 1 });
    return iso && iso >= today.toISODate()! ? iso : build(next.year, next.month, d);
  }
  return undefined;
}

/** A period as an owner says it: "60天" is days, "两个月" / "3个月" calendar months (the manual's 1个月). */
export type Period = { days: number } | { months: number };

/** "60天" / "两个月" / "3个月": a period from the start date, or undefined. */
export function readPeriod(text: string): Period | undefined {
  const s = text.replace(/\s+/g, '');
  let m = new RegExp(`^(?:装修|工期|大概|约)?${N}(?:天|日)$`).exec(s);
  if (m) {
    const days = num(m[1]);
    return days ? { days } : undefined;
  }
  m = new RegExp(`^(?:装修|工期|大概|约)?${N}个?月$`).exec(s);
  if (m) {
    const months = num(m[1]);
    return months ? { months } : undefined;
  }
  return undefined;
}

/**
 * The last day of a period begun on `start` (both counted): 45 days from 12-20 end on 02-02;
 * two calendar months from 12-20 end on 02-19 (the day before 02-20), from 01-31 on 03-30.
 */
export function periodEnd(start: string, period: Period): string {
  const from = DateTime.fromISO(start, { zone: 'utc' });
  const end = 'days' in period ? from.plus({ days: period.days }) : from.plus({ months: period.months });
  return end.minus({ days: 1 }).toISODate()!;
}
