import { DateTime } from 'luxon';
import { chineseNumber } from '../../domain/cn-numerals.js';
import { standardTimeWords } from './time-words.js';

/**
 * An owner's appointment: a window (`to` absent: open-ended, "7点以后"), or "as soon as
 * possible" (现在 / 马上 / 尽快), or why it cannot be used.
 */
export type AppointmentResult =
  | { ok: true; asap: true }
  | { ok: true; asap?: false; from: Date; to?: Date }
  | { ok: false; reason: 'unparseable' | 'past' | 'too_far' };

type Local = DateTime;

/** Parts of the day an owner names, with the window they mean. */
const PERIODS: Array<{ re: RegExp; from: number; to: number; pm: boolean }> = [
  { re: /凌晨/, from: 0, to: 6, pm: false },
  { re: /(早上|早晨|清晨|一早|明早|今早|大早)/, from: 8, to: 12, pm: false },
  { re: /上午/, from: 9, to: 12, pm: false },
  { re: /(中午|午饭|午休)/, from: 12, to: 14, pm: false },
  { re: /下午/, from: 14, to: 18, pm: true },
  { re: /傍晚/, from: 17, to: 19, pm: true },
  { re: /(晚上|今晚|明晚|夜里|夜间|晚间|下班后|晚饭后|晚)/, from: 18, to: 21, pm: true },
  { re: /(白天|全天|一整天|一天都)/, from: 9, to: 18, pm: false },
];
type Period = (typeof PERIODS)[number];
const DAY = { from: 9, to: 18 };

const ASAP =
  /(现在|马上|立刻|立即|尽快|尽早|赶快|赶紧|越快越好|等会|待会|一会|快点|快些|早些|早点|急|asap|right now|随时)/i;
const AFTER = /^\s*(以后|之后|后|过后|往后|开始)/;
const BEFORE = /^\s*(以前|之前|前|为止|以内)/;
const AROUND = /^\s*(左右|前后|上下)/;

const NUM = '(?:\\d{1,2}|[零〇一二两三四五六七八九十]{1,3})';

/**
 * What in a message only looks like a time (phone numbers, units, buildings, amounts, ticket
 * numbers) taken out, and regional or English time words put in Mandarin (time-words.ts).
 */
function withoutNonTimes(text: string): string {
  return (
    standardTimeWords(text)
      .replace(/[A-Za-z]{2}\d{8}-?\d{4}/g, ' ')
      .replace(/(?<!\d)1[3-9]\d{9}(?!\d)/g, ' ')
      .replace(/\d{1,3}\s*(?:栋|幢|号楼|座)\s*(?:\d{1,2}\s*(?:单元|-))?\s*(?:\d{3,5}\s*(?:室|号|房)?)?/g, ' ')
      .replace(/(?<!\d)\d{1,3}\s*[-—_/]\s*\d{1,2}\s*[-—_/]\s*\d{3,5}(?!\d)/g, ' ')
      .replace(/\d+\s*(?:单元|楼|层|室|元|块|平|米|岁|个人|次)/g, ' ')
      .replace(/([快早慢晚迟多少好])一点/g, '$1些')
      // 时 inside a word is no o'clock: 第一时间 is "at once", 一时半会 "for a while", 同一时间 no hour
      .replace(/第一时间/g, '尽快')
      .replace(/一时半会儿?/g, ' ')
      .replace(/时(?=[间候段期])/g, ' ')
  );
}

interface Clock {
  hour: number;
  minute: number;
  /** A part of the day was written with it (下午3点). */
  period?: Period;
  index: number;
  end: number;
}

const CLOCK = new RegExp(
  `(凌晨|早上|早晨|清晨|上午|中午|下午|傍晚|晚上|夜里|今晚|明晚|明早|今早|晚)?\\s*(${NUM})\\s*(?:(?:点|點|时|:)\\s*(?:(半)|(一刻)|(三刻)|(${NUM})\\s*分?)?)`,
  'g',
);
const CLOCK_RANGE = new RegExp(
  `(凌晨|早上|早晨|上午|中午|下午|傍晚|晚上|今晚|明晚|晚)?\\s*(${NUM})\\s*(?:[点:]\\s*(半|\\d{2})?)?\\s*(?:到|至|-|~|～|—|或)\\s*(凌晨|早上|上午|中午|下午|傍晚|晚上|晚)?\\s*(${NUM})\\s*(?:[点:]\\s*(半|\\d{2})?)`,
);

const periodOf = (word: string | undefined) => (word ? PERIODS.find((p) => p.re.test(word)) : undefined);
const minuteOf = (s: string | undefined) => (s === '半' ? 30 : s ? (chineseNumber(s) ?? 0) : 0);

/** Hour on the 24-hour clock: 下午3点 → 15; a bare 1–6 o'clock is an afternoon visit. */
function to24(hour: number, period: Period | undefined): number {
  if (period?.pm && hour < 12) return hour + 12;
  if (period?.from === 12 && hour < 6) return hour + 12;
  if (!period && hour >= 1 && hour <= 6) return hour + 12;
  return hour;
}

function clocks(text: string): Clock[] {
  const out: Clock[] = [];
  for (const m of text.matchAll(CLOCK)) {
    const hour = chineseNumber(m[2]!);
    if (hour === undefined || hour > 24) continue;
    const minute = m[3] ? 30 : m[4] ? 15 : m[5] ? 45 : m[6] ? (chineseNumber(m[6]) ?? 0) : 0;
    if (minute > 59) continue;
    out.push({ hour, minute, period: periodOf(m[1]), index: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** What the owner said about the time of day. */
type TimeSpec =
  | { kind: 'at'; hour: number; minute: number; bare: boolean }
  | { kind: 'around'; hour: number; minute: number; bare: boolean }
  | { kind: 'after'; hour: number; minute: number; bare: boolean }
  | { kind: 'before'; hour: number; minute: number; startHour: number }
  | { kind: 'range'; from: [number, number]; to: [number, number] }
  | { kind: 'period'; from: number; to: number };

function readTime(text: string): TimeSpec | undefined {
  const period = PERIODS.find((p) => p.re.test(text));
  const r = CLOCK_RANGE.exec(text);
  if (r) {
    const p1 = periodOf(r[1]) ?? period;
    const p2 = periodOf(r[4]) ?? p1;
    const h1 = chineseNumber(r[2]!);
    const h2 = chineseNumber(r[5]!);
    if (h1 !== undefined && h2 !== undefined && h1 <= 24 && h2 <= 24) {
      let a = to24(h1, p1);
      let b = to24(h2, p2);
      // 10点到2点: the end is later the same day.
      if (b <= a && b + 12 <= 24) b += 12;
      if (b <= a && a >= 12 && !p1 && a - 12 < b) a -= 12;
      if (b > a) return { kind: 'range', from: [a, minuteOf(r[3])], to: [b, minuteOf(r[6])] };
    }
  }
  const found = clocks(text);
  const c = found[0];
  if (c) {
    const p = c.period ?? period;
    const hour = to24(c.hour, p);
    const bare = !p && !c.period && c.hour >= 7 && c.hour <= 11;
    const rest = text.slice(c.end);
    if (AFTER.test(rest)) return { kind: 'after', hour, minute: c.minute, bare };
    if (BEFORE.test(rest)) {
      const start = p && p.from < hour ? p.from : DAY.from - 1;
      return { kind: 'before', hour, minute: c.minute, startHour: Math.min(start, hour - 1) };
    }
    if (AROUND.test(rest)) return { kind: 'around', hour, minute: c.minute, bare };
    return { kind: 'at', hour, minute: c.minute, bare };
  }
  if (/(下班|饭后|午饭后|午休后)(以后|之后|后)?/.test(text) && /后/.test(text)) {
    if (/午/.test(text)) return { kind: 'after', hour: 13, minute: 30, bare: false };
    return { kind: 'after', hour: 18, minute: 0, bare: false };
  }
  if (period) {
    if (/(中午|午饭)(以前|之前|前)/.test(text)) return { kind: 'before', hour: 12, minute: 0, startHour: 8 };
    if (/(上午|中午)(以后|之后|过后)/.test(text)) return { kind: 'after', hour: 12, minute: 0, bare: false };
    if (/下午(以后|之后)/.test(text)) return { kind: 'after', hour: 14, minute: 0, bare: false };
    return { kind: 'period', from: period.from, to: period.to };
  }
  return undefined;
}

/** The days the owner named: one day, or a span (周末, 这两天, 月底), and whether any was named. */
interface DaySpec {
  first: Local;
  last: Local;
  explicit: boolean;
  /** Only working days (工作日). */
  workdays?: boolean;
  /** Only this weekday (每周 patterns are not used; 周末 is a span). */
}

const WEEKDAY_NUMBER: Record<string, number> = {
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  日: 7,
  天: 7,
  '1': 1,
  '2': 2,
  '3': 3,
  '4': 4,
  '5': 5,
  '6': 6,
  '7': 7,
};

function readDays(text: string, today: Local): DaySpec | undefined {
  const day = (d: Local, explicit = true): DaySpec => ({ first: d, last: d, explicit });
  const span = (a: Local, b: Local): DaySpec => ({ first: a, last: b, explicit: true });
  const week = today.startOf('week');

  let m = /(这|本|下下|下|上)?个?(?:周|星期|礼拜)([一二三四五六日天1-7])/.exec(text);
  if (m) {
    const target = WEEKDAY_NUMBER[m[2]!]!;
    const weeks = m[1] === '下下' ? 2 : m[1] === '下' ? 1 : m[1] === '上' ? -1 : 0;
    if (m[1]) return day(week.plus({ weeks, days: target - 1 }));
    return day(today.plus({ days: (target - today.weekday + 7) % 7 }));
  }
  m = /(这|本|下下|下)?个?(?:周末|礼拜天|星期天休息)/.exec(text);
  if (m) {
    const weeks = m[1] === '下下' ? 2 : m[1] === '下' ? 1 : 0;
    const sat = week.plus({ weeks, days: 5 });
    return span(sat < today ? today : sat, sat.plus({ days: 1 }));
  }
  m = /(下下|下)个?(?:周|星期|礼拜)/.exec(text);
  if (m) {
    const start = week.plus({ weeks: m[1] === '下下' ? 2 : 1 });
    return span(start, start.plus({ days: 6 }));
  }
  if (/(这|本)(?:周|星期|礼拜)(?!末)/.test(text)) return span(today, week.plus({ days: 6 }));
  if (/工作日|周一到周五|平时|上班的日子/.test(text)) {
    return { first: today, last: today.plus({ days: 13 }), explicit: true, workdays: true };
  }
  if (/(昨天|昨晚|昨日|前天|上周|上星期|上礼拜|上个月)/.test(text)) return day(today.minus({ days: 1 }));
  m = /(下个?|本|这个?)?月(?:底|末)(以前|之前|前)?/.exec(text);
  if (m) {
    const base = m[1]?.startsWith('下') ? today.plus({ months: 1 }) : today;
    const end = base.endOf('month').startOf('day');
    const start = end.minus({ days: 2 });
    return span(start < today || m[2] ? today : start, end);
  }
  m = /(下个?)?月初/.exec(text);
  if (m) {
    const start = today.plus({ months: 1 }).startOf('month');
    return span(start, start.plus({ days: 2 }));
  }
  m = /(下个?|本|这个?)?月(?:中|中旬)/.exec(text);
  if (m) {
    const base = m[1]?.startsWith('下') ? today.plus({ months: 1 }) : today;
    const start = base.set({ day: 14 });
    return span(start < today ? today : start, base.set({ day: 16 }));
  }
  m = new RegExp(`(${NUM})\\s*月\\s*(${NUM})\\s*[日号]?`).exec(text);
  if (m) {
    const month = chineseNumber(m[1]!);
    const d = chineseNumber(m[2]!);
    if (month && d && month <= 12 && d <= 31) {
      let date = today.set({ month, day: 1 }).set({ day: d });
      if (date.month !== month) return undefined;
      if (date < today.minus({ days: 31 })) date = date.plus({ years: 1 });
      return day(date);
    }
  }
  m = /(?<!\d)(\d{1,2})\s*[/.]\s*(\d{1,2})(?![\d点:])/.exec(text);
  if (m) {
    const month = Number(m[1]);
    const d = Number(m[2]);
    if (month >= 1 && month <= 12 && d >= 1 && d <= 31) {
      let date = today.set({ month, day: 1 }).set({ day: d });
      if (date.month !== month) return undefined;
      if (date < today.minus({ days: 31 })) date = date.plus({ years: 1 });
      return day(date);
    }
  }
  m = new RegExp(`(下个?月)?\\s*(${NUM})\\s*[号日](?!楼)`).exec(text);
  if (m) {
    const d = chineseNumber(m[2]!);
    if (d && d <= 31) {
      // The next such day: 31号 in a 30-day month is next month's (or the one after).
      for (let ahead = m[1] ? 1 : 0; ahead < 4; ahead++) {
        const base = today.plus({ months: ahead }).startOf('month');
        if (d > base.daysInMonth!) continue;
        const date = base.set({ day: d });
        if (date >= today) return day(date);
      }
      return undefined;
    }
  }
  m = new RegExp(`(${NUM})\\s*(?:天|日)\\s*(?:后|以后|之后)`).exec(text);
  if (m) {
    const n = chineseNumber(m[1]!);
    if (n !== undefined) return day(today.plus({ days: n }));
  }
  if (/过(两|一两)天/.test(text)) return day(today.plus({ days: 2 }));
  if (/过(几|三五|两三)天/.test(text)) return span(today.plus({ days: 2 }), today.plus({ days: 4 }));
  if (/下个?月(?!底|末|初|中)/.test(text)) {
    const start = today.plus({ months: 1 }).startOf('month');
    return span(start, start.endOf('month').startOf('day'));
  }
  if (/明后[天两]/.test(text)) return span(today.plus({ days: 1 }), today.plus({ days: 2 }));
  if (/(这两天|这一两天|近两天|一两天内|两天内)/.test(text)) return span(today, today.plus({ days: 1 }));
  if (/(这几天|近几天|最近|近期|这些天|三天内)/.test(text)) return span(today, today.plus({ days: 3 }));
  if (/大后天/.test(text)) return day(today.plus({ days: 3 }));
  if (/后天/.test(text)) return day(today.plus({ days: 2 }));
  if (/(明天|明日|明儿|明早|明晚|明个|明天上午|明天下午)/.test(text)) return day(today.plus({ days: 1 }));
  if (/(今天|今日|今儿|今晚|今早|今天上午|今天下午|当天|今个)/.test(text)) return day(today);
  return undefined;
}

/** A window on one day from a time spec; `to` undefined is open-ended. */
function windowOn(d: Local, t: TimeSpec | undefined): { from: Local; to?: Local } {
  const at = (h: number, m = 0) => d.startOf('day').plus({ hours: h, minutes: m });
  if (!t) return { from: at(DAY.from), to: at(DAY.to) };
  switch (t.kind) {
    case 'at':
      return { from: at(t.hour, t.minute), to: at(t.hour + 1, t.minute) };
    case 'around':
      return { from: at(t.hour, t.minute).minus({ minutes: 30 }), to: at(t.hour, t.minute + 30) };
    case 'after':
      return { from: at(t.hour, t.minute) };
    case 'before':
      return { from: at(t.startHour), to: at(t.hour, t.minute) };
    case 'range':
      return { from: at(...t.from), to: at(...t.to) };
    case 'period':
      return { from: at(t.from), to: at(t.to) };
  }
}

/** A bare 7–11 o'clock already past today is the evening one (8点 said at 10:00 → 20:00). */
function evening(t: TimeSpec): TimeSpec | undefined {
  if ((t.kind === 'at' || t.kind === 'after' || t.kind === 'around') && t.bare && t.hour + 12 <= 21)
    return { ...t, hour: t.hour + 12, bare: false };
  return undefined;
}

/**
 * Reads an appointment window from an owner's (normalised, simplified) Chinese text, as
 * wall-clock time in `timezone`: a day or span of days (明天, 后天, 大后天, 周六, 下下周三, 周末,
 * 月底, 这两天, 工作日, 11月25日, 25号) and a time of day (下午3点, 两点到四点, 晚上8点前, 7点以后,
 * 10点左右, 上午). A window already under way starts now; one already over is `past`.
 */
export function parseAppointment(
  raw: string,
  now: Date,
  timezone: string,
  maxAheadMs = 60 * 86_400_000,
): AppointmentResult {
  const text = withoutNonTimes(raw);
  const local = DateTime.fromJSDate(now, { zone: timezone }).startOf('minute');
  const today = local.startOf('day');
  const days = readDays(text, today);
  const time = readTime(text);
  if (!days && !time)
    return ASAP.test(text) ? { ok: true, asap: true } : { ok: false, reason: 'unparseable' };
  if (!time && ASAP.test(text) && (!days || days.first.hasSame(today, 'day')))
    return { ok: true, asap: true };

  const first = days?.first ?? today;
  const last = days?.last ?? (days ? first : today.plus({ days: 1 }));
  let window: { from: Local; to?: Local } | undefined;
  let tooEarly = false;
  for (let d = first; d <= last; d = d.plus({ days: 1 })) {
    if (days?.workdays && d.weekday > 5) continue;
    const candidates = [time, time && !days && d.hasSame(today, 'day') ? evening(time) : undefined];
    for (const t of candidates) {
      if (t === undefined && time) continue;
      let w = windowOn(d, t);
      // A span of days with no time of day: the whole span (周末 → Saturday 9:00 – Sunday 18:00).
      if (!time && days && !days.workdays && !days.first.hasSame(days.last, 'day'))
        w = { from: windowOn(d, undefined).from, to: windowOn(days.last, undefined).to };
      const end = w.to ?? w.from;
      const exact = t?.kind === 'at' || t?.kind === 'after';
      if (exact ? w.from >= local.minus({ minutes: 1 }) : end > local) {
        window = { from: w.from < local ? local : w.from, to: w.to };
        break;
      }
      tooEarly = true;
    }
    if (window) break;
  }
  if (!window) return { ok: false, reason: tooEarly || days ? 'past' : 'unparseable' };
  if (window.from > local.plus({ milliseconds: maxAheadMs })) return { ok: false, reason: 'too_far' };
  return { ok: true, from: window.from.toJSDate(), to: window.to?.toJSDate() };
}

/** Whether a text names a time of day ("下午", "10点", "两点到四点"), not only a day ("大后天"). */
export function namesTimeOfDay(raw: string): boolean {
  return readTime(withoutNonTimes(raw)) !== undefined;
}

/**
 * The same hours moved to another day: "改到大后天吧" after "明天上午10点" means 10:00 on that
 * day, not the whole day. Undefined when the moved window would already have begun.
 */
export function sameHoursOn(
  day: Date,
  window: { from: Date; to?: Date },
  now: Date,
  timezone: string,
): { from: Date; to?: Date } | undefined {
  const target = DateTime.fromJSDate(day, { zone: timezone });
  const move = (d: Date) => {
    const l = DateTime.fromJSDate(d, { zone: timezone });
    return target.set({ hour: l.hour, minute: l.minute, second: 0, millisecond: 0 });
  };
  const from = move(window.from);
  if (from.toJSDate() < now) return undefined;
  const to = window.to ? from.plus(window.to.getTime() - window.from.getTime()) : undefined;
  return { from: from.toJSDate(), to: to?.toJSDate() };
}

/** Whether a text names a time at all (a slot in a first message), without judging it. */
export function mentionsTime(raw: string, now: Date, timezone: string): boolean {
  const text = withoutNonTimes(raw);
  const today = DateTime.fromJSDate(now, { zone: timezone }).startOf('day');
  return Boolean(readDays(text, today) ?? readTime(text));
}

export { chineseNumber };
