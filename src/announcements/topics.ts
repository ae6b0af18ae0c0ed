import type { NoticeType } from './model.js';

/**
 * What a notice is about, read from normalised (simplified, half-width) text: the one table both
 * the staff's "发通知 …" (the notice's type) and the owners' questions (which notices answer) use.
 */
export const NOTICE_TOPICS: ReadonlyArray<[NoticeType, RegExp]> = [
  ['water_outage', /停水|断水|没水|没有水|来水|供水|水停|水.{0,4}(来|恢复)|water/i],
  ['power_outage', /停电|断电|没电|没有电|来电|供电|电停|限电|电(?!梯).{0,4}(来|恢复)|power|electricity/i],
  ['lift_maintenance', /电梯|升降梯|\blift|elevator/i],
  ['fire_drill', /消防|演练|演习|警报|drill/i],
];

/** Pure: the notice types a text names, in the table's order. */
export function topicsOf(text: string): NoticeType[] {
  return NOTICE_TOPICS.filter(([, re]) => re.test(text)).map(([type]) => type);
}

/** Pure: the type of a notice staff write ("停水 管道维修" → water_outage); nothing named: other. */
export function noticeTypeOf(text: string): NoticeType {
  return topicsOf(text)[0] ?? 'other';
}
