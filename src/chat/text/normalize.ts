import { toSimplified, toTraditionalTw as toTraditional } from './opencc.js';
import { placeNumeralsToDigits } from '../../domain/cn-numerals.js';

/**
 * Whether the text is written in traditional characters: at least as many characters of only the
 * traditional form (燈, 換) as of only the simplified one (灯, 还). A simplified message with a
 * character or two typed the other way ("还有客厅的灯也不亮了，換了燈泡也没用") stays simplified.
 */
function writtenTraditional(text: string): boolean {
  let traditional = 0;
  let simplified = 0;
  for (const ch of text) {
    if (!hasHan(ch)) continue;
    if (toSimplified(ch) !== ch) traditional++;
    else if (toTraditional(ch) !== ch) simplified++;
  }
  return traditional > 0 && traditional >= simplified;
}

export interface NormalizedText {
  /** What matching reads: simplified, half-width, trimmed, single spaces. */
  text: string;
  /** The sender wrote traditional characters (their replies then come in zh-TW). */
  traditional: boolean;
}

/**
 * Prepares chat text for matching. Full-width letters, digits and punctuation become half-width
 * (NFKC); traditional characters become simplified (OpenCC, Taiwan variant, which also reads
 * Hong Kong text well enough for matching); buildings and entrances in Chinese numerals become
 * digits ("三号楼" → "3号楼"). The original is kept for the ticket.
 */
export function normalizeText(raw: string): NormalizedText {
  const nfkc = raw.normalize('NFKC').replace(/\u3000/g, ' ');
  const trimmed = nfkc.replace(/\s+/g, ' ').trim();
  const simplified = toSimplified(trimmed);
  // "三号楼" reads as "3号楼" (the script test compares before this)
  return {
    text: placeNumeralsToDigits(simplified),
    traditional: simplified !== trimmed && writtenTraditional(trimmed),
  };
}

const hasHan = (s: string) => /\p{Script=Han}/u.test(s);

/** The text has something to read: not empty, not only emoji, punctuation or spaces. */
export function hasContent(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}

/** The text's letters (Han included) and digits, one entry a character: what "2 characters said" counts. */
export const contentChars = (text: string): string[] => [
  ...text.replace(/[^\p{Script=Han}\p{L}\p{N}]/gu, ''),
];
