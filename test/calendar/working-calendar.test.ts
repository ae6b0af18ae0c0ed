import { DateTime } from 'luxon';
import { WorkingCalendar } from '../../src/calendar/working-calendar.js';

const settings = {
  timezone: 'Asia/Shanghai',
  workStart: 8 * 60 + 30,
  workEnd: 17 * 60 + 30,
  weekendDays: [6, 7],
  holidays: [],
  workdays: [],
};
const cal = WorkingCalendar.chinese(settings);
const at = (iso: string) => DateTime.fromISO(iso, { zone: 'Asia/Shanghai' }).toJSDate();
const show = (d: Date) => DateTime.fromJSDate(d).setZone('Asia/Shanghai').toFormat("yyyy-LL-dd'T'HH:mm");

describe('WorkingCalendar', () => {
  it('knows weekends, holidays and make-up working days (调休)', () => {
    expect(cal.isWorkingDay('2026-11-20')).toBe(true); // Friday
    expect(cal.isWorkingDay('2026-11-21')).toBe(false); // Saturday
    expect(cal.isWorkingDay('2026-10-05')).toBe(false); // National Day, a Monday
    expect(cal.isWorkingDay('2026-09-20')).toBe(true); // Sunday, make-up day
    expect(cal.isWorkingDay('2026-10-10')).toBe(true); // Saturday, make-up day
    expect(cal.isWorkingDay('2026-02-14')).toBe(true); // Saturday before Spring Festival
    expect(cal.isWorkingDay('2026-02-16')).toBe(false); // Spring Festival
    expect(cal.isWorkingDay('2027-02-08')).toBe(false); // Spring Festival 2027 (projected)
    expect(cal.isWorkingDay('2027-02-20')).toBe(true); // 2027 make-up Saturday (projected)
  });

  it('adds one working day within a week', () => {
    expect(show(cal.addWorkingDays(at('2026-11-18T10:00'), 1))).toBe('2026-11-19T10:00');
  });

  it('skips the weekend: Friday 16:00 + 1 working day is Monday 16:00', () => {
    expect(show(cal.addWorkingDays(at('2026-11-20T16:00'), 1))).toBe('2026-11-23T16:00');
  });

  it('starts counting at the next opening when the clock starts after hours', () => {
    expect(show(cal.addWorkingDays(at('2026-11-20T20:00'), 1))).toBe('2026-11-23T17:30');
    expect(show(cal.addWorkingDays(at('2026-11-21T09:00'), 1))).toBe('2026-11-23T17:30');
    expect(show(cal.addWorkingDays(at('2026-11-23T07:00'), 1))).toBe('2026-11-23T17:30');
  });

  it('jumps the 2026 National Day holiday but works the make-up days', () => {
    // Tue 29 Sep 10:00 → 30 Sep 10:00
    expect(show(cal.addWorkingDays(at('2026-09-29T10:00'), 1))).toBe('2026-09-30T10:00');
    // Wed 30 Sep 10:00 → holiday 1–7 Oct → Thu 8 Oct 10:00
    expect(show(cal.addWorkingDays(at('2026-09-30T10:00'), 1))).toBe('2026-10-08T10:00');
    // Fri 9 Oct 10:00 → Sat 10 Oct is a make-up working day
    expect(show(cal.addWorkingDays(at('2026-10-09T10:00'), 1))).toBe('2026-10-10T10:00');
    // Sat 19 Sep (weekend) → Sun 20 Sep make-up day, full day → 17:30
    expect(show(cal.addWorkingDays(at('2026-09-19T12:00'), 1))).toBe('2026-09-20T17:30');
  });

  it('crosses the 2027 Spring Festival with its make-up days', () => {
    // Thu 4 Feb 2027 15:00 → holiday 5–13 Feb → Sun 14 Feb is a weekend → Mon 15 Feb 15:00
    expect(show(cal.addWorkingDays(at('2027-02-04T15:00'), 1))).toBe('2027-02-15T15:00');
    // Fri 19 Feb 12:00 + 1 → Sat 20 Feb (make-up) 12:00
    expect(show(cal.addWorkingDays(at('2027-02-19T12:00'), 1))).toBe('2027-02-20T12:00');
    // 3 working days from Wed 3 Feb 9:00 → 4 Feb, 15 Feb, 16 Feb 9:00
    expect(show(cal.addWorkingDays(at('2027-02-03T09:00'), 3))).toBe('2027-02-16T09:00');
  });

  it('adds fractions of a working day as working time', () => {
    // half a 9-hour day = 4.5 h; Friday 15:00 → 2.5 h Friday + 2 h Monday → Monday 10:30
    expect(show(cal.addWorkingDays(at('2026-11-20T15:00'), 0.5))).toBe('2026-11-23T10:30');
  });

  it('lets configured days override the shipped data', () => {
    const custom = WorkingCalendar.chinese({
      ...settings,
      holidays: ['2026-12-24'],
      workdays: ['2026-10-05'],
    });
    expect(custom.isWorkingDay('2026-12-24')).toBe(false);
    expect(custom.isWorkingDay('2026-10-05')).toBe(true);
    expect(show(custom.addWorkingDays(at('2026-12-23T10:00'), 1))).toBe('2026-12-25T10:00');
  });

  it('tells working time from off time', () => {
    expect(cal.isWorkingTime(at('2026-11-20T08:29'))).toBe(false);
    expect(cal.isWorkingTime(at('2026-11-20T08:30'))).toBe(true);
    expect(cal.isWorkingTime(at('2026-11-20T17:30'))).toBe(false);
    expect(cal.isWorkingTime(at('2026-11-21T10:00'))).toBe(false);
  });
});
