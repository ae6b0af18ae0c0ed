import { parseAppointment } from './appointment.js';
import { standardTimeWords } from './time-words.js';
import { findMobile, findUnitAddress, type UnitAddress } from './unit-address.js';

/** What a first message already says, so the flow never asks it again. */
export interface MessageSlots {
  phone?: string;
  /** A window the owner named (ISO strings, as flows store them). */
  appointment?: { from: string; to?: string };
  /** 现在 / 马上 / 尽快: as soon as possible. */
  asap?: boolean;
  /** A time was named but cannot be used (already past, too far ahead): asked again with the reason. */
  timeProblem?: 'past' | 'too_far';
  unit?: UnitAddress;
  /** The owner says a photo is coming (or attached). */
  photoMentioned?: boolean;
}

/** A first message's time is about the visit only when it says so ("明天下午来修", "周六在家"). */
const VISIT =
  /(来|嚟|上门|过来|在家|家里有人|方便|有空|预约|约个?|安排|师傅|\b(?:come|visit|ok|okay|available|free|home)\b)/i;
/** A window offered without a visit word: "明晚7点以后", "两点到四点可以吗", "8点前". */
const WINDOW = /(可以吗|行吗|以后|之后|点前|点之前|到.{1,3}点)/;
/** A day ahead with a clock time is an offer too: "厨房灯不亮了 明天下午3点". */
const FUTURE =
  /(明天|明早|明晚|后天|下周|下星期|周[一二三四五六日天]|星期[一二三四五六日天]|礼拜[一二三四五六日天]|周末)[^,，。]{0,6}?([0-9]{1,2}|[一二两三四五六七八九十]{1,3})\s*(点|:|：)/;
/** …and not when it tells the story ("今天早上开始漏水", "昨晚发现", "晚上都睡不好"). */
const STORY = /(开始|发现|的时候|以来|一直|已经|到现在|睡不好|睡不着|每天|天天|总是|老是|经常|晚上都|夜里都)/;
/** Urgency in a first message: only words that ask for speed, not "现在…" telling the story. */
const HURRY = /(尽快|尽早|马上来|马上过来|马上派|立刻|赶紧|赶快|越快越好|快来|速来|急急)/;
const PHOTO = /(照片|图片|拍了|拍照|截图|发图|上图|见图|如图|视频)/;

/** The part of a clause after its last story word ("" when nothing follows it). */
function afterStory(clause: string): string {
  const story = new RegExp(STORY.source, 'g');
  let end = 0;
  for (const m of clause.matchAll(story)) end = m.index + m[0].length;
  return end ? clause.slice(end).trim() : clause;
}

/** Reads the slots of an owner's (normalised) message. Pure: the clock and zone are given. */
export function readSlots(text: string, now: Date, timezone: string, maxAheadMs?: number): MessageSlots {
  const slots: MessageSlots = {};
  const phone = findMobile(text);
  if (phone) slots.phone = phone;
  const unit = findUnitAddress(text);
  if (unit) slots.unit = unit.address;
  // "聽日下晝兩點", "tomorrow 2pm": read as the Mandarin the patterns below know
  const said = standardTimeWords(text);
  if (HURRY.test(said)) slots.asap = true;
  else if (VISIT.test(said) || WINDOW.test(said) || FUTURE.test(said)) {
    const visit = VISIT.test(said);
    // The time is read from a clause that does not tell the story ("水龙头一直滴水，明天下午在家").
    for (const whole of said.split(/[,，。.;；!！?？\n]+/)) {
      // what follows the story in one unpunctuated clause may still offer a time
      // ("水龙头坏了一直滴水 后天上午可以吗")
      const clause = afterStory(whole);
      if (!clause) continue;
      const time = parseAppointment(clause, now, timezone, maxAheadMs);
      if (time.ok && !time.asap) {
        slots.appointment = { from: time.from.toISOString(), to: time.to?.toISOString() };
        break;
      }
      // a window without a visit word ("明晚7点以后") counts only when it can be used
      if (visit && !time.ok && time.reason !== 'unparseable') slots.timeProblem = time.reason;
    }
  }
  if (PHOTO.test(text)) slots.photoMentioned = true;
  return slots;
}

/** The unit among the owner's that an address names ("3栋2单元1201"), by its label. */
export function unitNamed<U extends { label: string }>(
  units: U[],
  address: UnitAddress | undefined,
): U | undefined {
  if (!address) return undefined;
  const label = `${address.building}栋${address.entrance}单元${address.room}`;
  return units.find((u) => u.label === label);
}
