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
