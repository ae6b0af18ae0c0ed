import { DateTime } from 'luxon';
import { CN_HOLIDAYS, type HolidayYear } from './cn-holidays.js';

export interface CalendarSettings {
  timezone: string;
  /** Minutes after midnight. */
  workStart: number;
  workEnd: number;
  /** ISO weekdays (1 = Monday … 7 = Sunday) that are not working days. */
  weekendDays: number[];
  holidays: string[];
  workdays: string[];
}

const MINUTE = 60_000;

function expand(table: Record<number, HolidayYear>): { holidays: string[]; workdays: string[] } {
  const holidays: string[] = [];
  const workdays: string[] = [];
  for (const year of Object.values(table)) {
    for (const [from, to] of year.holidays) {
      for (let d = DateTime.fromISO(from); d <= DateTime.fromISO(to); d = d.plus({ days: 1 })) {
        holidays.push(d.toISODate()!);
      }
    }
    workdays.push(...year.workdays);
  }
  return { holidays, workdays };
}

/**
 * Working time in the property office's time zone: working hours on working days, where a
 * working day is a weekday that is not a public holiday, or a make-up working day (调休).
 * Configured make-up days win over holidays, so the config file can correct the shipped data.
 */
export class WorkingCalendar {
  private readonly holidays: Set<string>;
  private readonly workdays: Set<string>;
  private readonly weekend: Set<number>;

  constructor(private readonly settings: CalendarSettings) {
    this.holidays = new Set(settings.holidays);
    this.workdays = new Set(settings.workdays);
    this.weekend = new Set(settings.weekendDays);
  }

  /** The shipped Chinese calendar plus the configured extra holidays and make-up days. */
  static chinese(settings: CalendarSettings): WorkingCalendar {
    const shipped = expand(CN_HOLIDAYS);
    return new WorkingCalendar({
      ...settings,
      holidays: [...shipped.holidays, ...settings.holidays].filter((d) => !settings.workdays.includes(d)),
      workdays: [...shipped.workdays, ...settings.workdays],
    });
  }

  get workdayMillis(): number {
    return (this.settings.workEnd - this.settings.workStart) * MINUTE;
  }

  private local(t: Date | DateTime): DateTime {
    return (t instanceof Date ? DateTime.fromJSDate(t) : t).setZone(this.settings.timezone);
  }

  /** Is this calendar date (in the office's zone) a working day? */
  isWorkingDay(t: Date | DateTime | string): boolean {
    const day = typeof t === 'string' ? DateTime.fromISO(t, { zone: this.settings.timezone }) : this.local(t);
    const iso = day.toISODate()!;
    if (this.workdays.has(iso)) return true;
    if (this.holidays.has(iso)) return false;
    return !this.weekend.has(day.weekday);
  }

  isWorkingTime(t: Date): boolean {
    const local = this.local(t);
    const minute = local.hour * 60 + local.minute + local.second / 60;
    return this.isWorkingDay(local) && minute >= this.settings.workStart && minute < this.settings.workEnd;
  }

  private dayWindow(day: DateTime): [DateTime, DateTime] {
    const midnight = day.startOf('day');
    return [
      midnight.plus({ minutes: this.settings.workStart }),
      midnight.plus({ minutes: this.settings.workEnd }),
    ];
  }

  /** The first working instant at or after t. */
  nextWorkingTime(t: Date): Date {
    let day = this.local(t);
    for (let i = 0; i < 400; i++) {
      if (this.isWorkingDay(day)) {
        const [start, end] = this.dayWindow(day);
        if (day < start) return start.toJSDate();
        if (day < end) return day.toJSDate();
      }
      day = day.plus({ days: 1 }).startOf('day');
    }
    throw new Error('no working day within 400 days: check the calendar settings');
  }

  /** t plus `millis` of working time (time outside working hours does not count). */
  addWorkingTime(t: Date, millis: number): Date {
    let cursor = this.local(this.nextWorkingTime(t));
    let remaining = millis;
    for (;;) {
      const [, end] = this.dayWindow(cursor);
      const available = end.toMillis() - cursor.toMillis();
      if (remaining <= available) return cursor.plus({ milliseconds: remaining }).toJSDate();
      remaining -= available;
      cursor = this.local(this.nextWorkingTime(end.plus({ days: 1 }).startOf('day').toJSDate()));
    }
  }

  /**
   * "N working days after t": N full working days of working time, counted from t (or from the
   * next opening when t is outside working hours). Friday 16:00 + 1 working day = Monday 16:00.
   */
  addWorkingDays(t: Date, days: number): Date {
    return this.addWorkingTime(t, days * this.workdayMillis);
  }
}
