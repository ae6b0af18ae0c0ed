/**
 * What an owner says before the problem and is not part of it: a greeting (你好, 在吗, hello),
 * a polite opener (麻烦一下, 打扰了) or a link to what was said before (还有, 另外, 对了, "wait,
 * also"). Left off the description a worker reads ("你好 我家卫生间的水管在滴水" → "我家卫生间的水管在滴水"); the
 * message itself is kept whole in the message log.
 */
const SEP = String.raw`[\s,，。.!！?？~～、:：]+`;
/** Openers that may run straight into the problem ("还有客厅的灯…"). */
const LEADING = String.raw`你们?好|您好|妳好|你們好|大家好|麻烦(?:一下|了|你们?|您)|麻煩(?:一下|了|你們?|您)|打扰(?:一下|了)|打擾(?:一下|了)|还有(?![点些一没不])(?:个|就是)?|還有(?![點些一沒不])(?:個|就是)?|另外|对了|對了`;
/** Words that address the desk, an opener only before a separator or a greeting ("物业你好"). */
const ADDRESS = String.raw`在吗|在嗎|在不在|hi|hello|hey|物业|物業|管家|小助手`;
/** A worker addressed, an opener only before a greeting ("师傅你好"; "师傅 来得太慢了" is a complaint). */
const WORKER = String.raw`师傅|師傅`;
/** English links to what was said before ("wait, also…", "btw", "one more thing:"). */
const LINK_EN = String.raw`(?:wait|oh|ah)\s*[,，:：.!！]|(?:oh\s+and|and\s+also|also|btw|by\s+the\s+way|one\s+more\s+thing|another\s+thing)\b`;
const OPENER = new RegExp(
  String.raw`^(?:(?:${LEADING})(?:${SEP}|(?=\p{Script=Han}))|(?:${ADDRESS})(?:${SEP}|(?=你们?好|您好))|(?:${WORKER})(?=你们?好|您好|妳好)|(?:${LINK_EN})(?:${SEP})?)+`,
  'iu',
);

export function withoutOpeners(original: string): string {
  const rest = original.replace(OPENER, '').trim();
  return rest.length >= 2 ? rest : original;
}
