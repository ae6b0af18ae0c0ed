import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';

export type AppointmentResult =
  { ok: true; from: Date; to?: Date } | { ok: false; reason: 'unparseable' | 'past' | 'too_far' };

/**
 * Times of day an owner names without an hour, with the hour assumed and the window's end.
 * Order matters: longer words first.
 */
const PERIODS: Array<{ words: string[]; hour: number; until: number }> = [
  { words: ['早上', '早晨', '明早', '一早'], hour: 8, until: 12 },
  { words: ['上午'], hour: 9, until: 12 },
  { words: ['中午'], hour: 12, until: 14 },
  { words: ['下午'], hour: 14, until: 18 },
  { words: ['傍晚'], hour: 17, until: 19 },
  { words: ['晚上', '今晚', '明晚', '夜里'], hour: 19, until: 21 },
];
const WEEKDAY = /(下个?|这个?|本)?(?:周|星期|礼拜)([一二三四五六日天1-7])/;
const WEEKDAY_NUMBER: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7 };
const OPEN_ENDED = /(以后|之后|后都|都可以|都行)/;

/**
 * Reads an appointment window from Chinese text: 明天下午3点, 今晚7点以后, 周六上午,
 * 11月25日9:30. chrono-node's zh parser reads the date and time; its weekday and
 * part-of-day readings are corrected here (it reads 周六上午 as today 06:00). Everything is
 * wall-clock time in `timezone`.
 */
export function parseAppointment(
  text: string,
  now: Date,
  timezone: string,
  maxAheadMs = 60 * 86_400_000,
): AppointmentResult {
  const local = DateTime.fromJSDate(now, { zone: timezone });
  // chrono works in the process's time zone: give it a reference with our wall-clock fields.
  const ref = new Date(local.year, local.month - 1, local.day, local.hour, local.minute);
  const results = chrono.zh.parse(text, ref, { forwardDate: true });
  const period = PERIODS.find((p) => p.words.some((w) => text.includes(w)));
  const weekday = WEEKDAY.exec(text);
  if (!results.length && !period && !weekday) return { ok: false, reason: 'unparseable' };

  const first = results[0]?.start;
  let day = first
    ? local.set({ year: first.get('year')!, month: first.get('month')!, day: first.get('day')! })
    : local;
  if (weekday) {
    const target = /\d/.test(weekday[2]!) ? Number(weekday[2]) : WEEKDAY_NUMBER[weekday[2]!]!;
    let ahead = (target - local.weekday + 7) % 7;
    if (weekday[1]?.startsWith('下')) ahead += ahead === 0 ? 7 : local.weekday < target ? 7 : 0;
    day = local.plus({ days: ahead });
  } else if (!first?.isCertain('day') && /明/.test(text) && day.hasSame(local, 'day')) {
    day = local.plus({ days: 1 });
  }
  let hour: number;
  let minute = 0;
  if (first?.isCertain('hour')) {
    hour = first.get('hour')!;
    minute = first.get('minute') ?? 0;
    if (period && period.hour >= 12 && hour < 12) hour += 12;
  } else {
    hour = period?.hour ?? 9;
  }
  const from = day.set({ hour, minute, second: 0, millisecond: 0 });
  if (from < local.minus({ minutes: 1 })) return { ok: false, reason: 'past' };
  if (from > local.plus({ milliseconds: maxAheadMs })) return { ok: false, reason: 'too_far' };
  let to: DateTime | undefined;
  if (!OPEN_ENDED.test(text)) {
    to = first?.isCertain('hour') ? from.plus({ hours: 1 }) : from.set({ hour: period?.until ?? 12 });
  }
  return { ok: true, from: from.toJSDate(), to: to?.toJSDate() };
}
