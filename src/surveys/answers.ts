import type { Choice } from './areas.js';

export type ReadAnswer = { choice: Choice } | { outOfRange: true };

/** Particles and punctuation around an answer: "基本满意吧", "2 ", "满意！". */
const TRAILING = /[\s吧啊呀呢哦嘛啦了的~～。.!！,，、]+$/u;
const LEADING = /^(我选|我选择|选|答|回复|第)\s*/u;

const WORDS: Array<[RegExp, Choice]> = [
  [
    /^(很|非常|十分|特别|有点|有些|比较)?不(太|是很|怎么)?满意|^(很|太|非常)?差|^不好|^不行|^unsatisfied|^dissatisfied/iu,
    'unsatisfied',
  ],
  [/^(基本上?满意|还行|一般般?|凑合|还可以|马马虎虎|还好|basic|so-so|ok(ay)?$)/iu, 'basic'],
  [/^(很|非常|十分|挺|比较|特别)?满意|^(很好|挺好|不错|好|👍)|^satisfied/iu, 'satisfied'],
];

const BY_NUMBER: Record<string, Choice> = { '1': 'satisfied', '2': 'basic', '3': 'unsatisfied' };

/**
 * Pure: an owner's answer to one survey question, from normalized text (half-width, simplified):
 * "1", "１", "2 ", "滿意", "基本满意吧", "3 绿化太少". A number other than 1–3 is out of range;
 * anything else is not an answer (undefined: the message is handled as usual).
 */
export function readAnswer(text: string): ReadAnswer | undefined {
  const s = text.trim().replace(LEADING, '').replace(TRAILING, '');
  if (!s) return undefined;
  const n = /^(\d{1,2})(?:\s|[.、:：,，)）]|$)/u.exec(s);
  if (n) {
    const choice = BY_NUMBER[n[1]!];
    return choice ? { choice } : /^\d+$/.test(s) ? { outOfRange: true } : undefined;
  }
  if (s.length > 12) return undefined;
  for (const [re, choice] of WORDS) if (re.test(s)) return { choice };
  return undefined;
}

/** "No comment" at the last step. */
export const NO_COMMENT =
  /^(无|没有|没了|没有了|没|不用了?|跳过|暂无|无意见|没意见|没有意见|没什么|没啥|no|none|skip|n\/a)[。.!！\s]*$/iu;
