/**
 * Slots an owner often puts in the first message, found by pattern: a mobile number, a unit
 * address (3栋2单元1201, 12-1-502, 3号楼), a mention of a photo, and the words that say when.
 * Pure functions over normalised (simplified, half-width) text.
 */
export interface Slots {
  phone?: string;
  /** The unit or building as written: "3栋2单元1201", "12-1-502", "3号楼". */
  unit?: string;
  /** The owner says a photo is attached or coming. */
  photo?: boolean;
  /** The words that say when ("明天上午", "今晚8点前"), for the appointment parser. */
  time?: string;
}

const PHONE = /(?<!\d)(1[3-9]\d(?:[\s-]?\d{4}){2})(?!\d)/;
const UNIT = [
  /\d{1,3}\s*(?:栋|幢|号楼|座)\s*(?:\d{1,2}\s*单元)?\s*(?:\d{3,4}(?:室|号|房)?)?/,
  /(?<![\d-])\d{1,3}-\d{1,2}-\d{3,4}(?![\d-])/,
];
const PHOTO = /(照片|图片|拍了|看图|截图|附图|发图|视频|相片|相片|影咗|影相)/;
const TIME =
  /((?:今天|明天|后天|大后天|今晚|明晚|今早|明早|周[一二三四五六日天末]|星期[一二三四五六日天]|礼拜[一二三四五六日天]|下周|这两天|工作日|月底)?(?:早上|上午|中午|下午|傍晚|晚上|凌晨)?(?:\d{1,2}|[一二两三四五六七八九十]{1,3})\s*(?:点|:\d{2})(?:半|\d{1,2}分)?(?:\s*(?:到|至|-|~)\s*(?:\d{1,2}|[一二两三四五六七八九十]{1,3})\s*点(?:半)?)?(?:前|之前|以前|后|以后|之后)?|(?:今天|明天|后天|大后天|今晚|明晚|周末|下周[一二三四五六日天]?|这两天|工作日)(?:早上|上午|中午|下午|傍晚|晚上)?(?:前|之前|以后|之后)?|(?:早上|上午|中午|下午|晚上)(?:都|随时)?(?:在家|有人|可以|方便))/;

export function findSlots(text: string): Slots {
  const slots: Slots = {};
  const phone = PHONE.exec(text);
  if (phone) slots.phone = phone[1]!.replace(/[\s-]/g, '');
  const withoutPhone = phone ? text.replace(phone[0], ' ') : text;
  for (const re of UNIT) {
    const m = re.exec(withoutPhone);
    if (m) {
      slots.unit = m[0].replace(/\s+/g, '');
      break;
    }
  }
  if (PHOTO.test(text)) slots.photo = true;
  const time = TIME.exec(withoutPhone);
  if (time) slots.time = time[0];
  return slots;
}
