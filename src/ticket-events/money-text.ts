import { moneyNumeralsToDigits } from '../domain/cn-numerals.js';
import { PLAIN_AMOUNT, moneySchema } from '../services/input-rules.js';

/** Money as staff write it in chat: "费用 80", "收费：35.5元", "材料费80", "报价 120 块 更换水龙头". */
const FEE =
  /(?:费用|收费|收了|共计|合计|(?:材料|人工|上门|维修|工本|配件|材料)费|金额|報價|报价|fee|cost)\s*[:：]?\s*(-?\d+(?:\.\d+)?(?:e\d+)?)\s*(?:元|块|塊|yuan|rmb)?/i;
const AMOUNT = /(-?\d+(?:\.\d+)?(?:e\d+)?)\s*(?:元|块|塊|yuan|rmb)?/i;

export interface MoneyInText {
  amount?: number;
  /** The text without the money phrase. */
  rest: string;
  /** Present when a number was written that is not a valid amount (negative, too many decimals). */
  invalid?: string;
}

function read(said: string, re: RegExp): MoneyInText {
  const text = moneyNumeralsToDigits(said);
  const m = re.exec(text);
  if (!m) return { rest: text.trim() };
  const rest = text.replace(m[0], ' ').replace(/\s+/g, ' ').trim();
  const raw = m[1]!;
  if (!PLAIN_AMOUNT.test(raw) || !moneySchema.safeParse(Number(raw)).success) return { rest, invalid: raw };
  return { amount: Number(raw), rest };
}

/** A fee named with its word ("费用 80"); a bare number is not a fee. */
export const feeIn = (text: string) => read(text, FEE);
/** An amount, with or without its word (a quote is always about money). */
export const amountIn = (text: string) => {
  const named = read(text, FEE);
  return named.amount !== undefined || named.invalid ? named : read(text, AMOUNT);
};

/** Words naming the whole fee, and words naming one part of it (人工50 材料30). */
const TOTAL_WORDS = '费用|收费|收了|共计|合计|一共|总共|金额|fee|cost|total';
const PART_WORDS =
  '人工费?|手工费?|工时费?|工钱|材料费?|配件费?|零件费?|上门费|上门|工本费|维修费|服务费|labou?r|parts?|materials?|call-out';
const MONEY = String.raw`\s*[:：]?\s*(-?\d+(?:\.\d+)?(?:e\d+)?)\s*(?:元|块|塊|yuan|rmb)?`;
const FEE_WORD = new RegExp(`(${PART_WORDS}|${TOTAL_WORDS})${MONEY}`, 'gi');
const IS_TOTAL = new RegExp(`^(?:${TOTAL_WORDS})$`, 'i');

export interface FeeLinesInText {
  /** The fee's parts as written ("人工费" 50, "材料费" 30); one line without a label when only a total was given. */
  lines: Array<{ label?: string; amount: number }>;
  rest: string;
  invalid?: string;
}

/** "人工" → "人工费", "上门" → "上门费": a part's label as a fee item. */
const asItem = (word: string) =>
  /^[\u4e00-\u9fff]{2}$/.test(word) && !word.endsWith('费') ? `${word}费` : word;

/**
 * A completion's fee as staff write it: in parts ("人工50 材料30", "上门费20 配件费45"), each its
 * own fee line, or as one total ("费用 80"). A total said beside the parts is not counted twice.
 */
export function feeLinesIn(said: string): FeeLinesInText {
  const text = moneyNumeralsToDigits(said);
  const found = [...text.matchAll(FEE_WORD)];
  if (!found.length) return { lines: [], rest: text.trim() };
  const rest = text.replace(FEE_WORD, ' ').replace(/\s+/g, ' ').trim();
  const bad = found.find(
    (m) => !/^\d{1,12}(?:\.\d{1,2})?$/.test(m[2]!) || !moneySchema.safeParse(Number(m[2])).success,
  );
  if (bad) return { lines: [], rest, invalid: bad[2]! };
  const parts = found.filter((m) => !IS_TOTAL.test(m[1]!));
  if (!parts.length) return { lines: [{ amount: Number(found[0]![2]) }], rest };
  return { lines: parts.map((m) => ({ label: asItem(m[1]!), amount: Number(m[2]) })), rest };
}
