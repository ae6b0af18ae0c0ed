import { z } from 'zod';
import { Person, Zone } from '../data/models/index.js';
import { NotFoundError, ValidationError } from '../domain/errors.js';

/**
 * The rules for money and dates people type, in one place. The limits come from the
 * configuration (`money.max`, `dates.maxAhead`, `dates.pastGrace`), set once when the services
 * are built (`applyInputRules`); the zod schemas read them at parse time.
 */
export const inputRules = {
  moneyMax: 100_000,
  maxAheadMs: 366 * 24 * 3600_000,
  pastGraceMs: 3600_000,
};

export function applyInputRules(config: {
  money: { max: number };
  dates: { maxAhead: number; pastGrace: number };
}): void {
  inputRules.moneyMax = config.money.max;
  inputRules.maxAheadMs = config.dates.maxAhead;
  inputRules.pastGraceMs = config.dates.pastGrace;
}

const twoDecimals = (v: number) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6;

/** An amount of yuan: more than 0, at most two decimals, at most `money.max`. */
export const moneySchema = z
  .number()
  .finite()
  .superRefine((v, ctx) => {
    if (v <= 0) ctx.addIssue({ code: 'custom', message: 'must be more than 0' });
    else if (!twoDecimals(v)) ctx.addIssue({ code: 'custom', message: 'at most two decimals' });
    else if (v > inputRules.moneyMax)
      ctx.addIssue({ code: 'custom', message: `at most ${inputRules.moneyMax}` });
  });

/** An amount paid: 0 or more, at most two decimals, at most `money.max`. */
export const paidSchema = z
  .number()
  .finite()
  .superRefine((v, ctx) => {
    if (v < 0) ctx.addIssue({ code: 'custom', message: 'must be at least 0' });
    else if (!twoDecimals(v)) ctx.addIssue({ code: 'custom', message: 'at most two decimals' });
    else if (v > inputRules.moneyMax)
      ctx.addIssue({ code: 'custom', message: `at most ${inputRules.moneyMax}` });
  });

/** How an amount is written, in chat or in a file: plain digits, at most two decimals ("280.50"). */
export const PLAIN_AMOUNT = /^\d{1,12}(?:\.\d{1,2})?$/;

/**
 * An amount written as text (a CSV cell): only PLAIN_AMOUNT, so "1e3", "0x1F4", "-50" or "1,200"
 * are refused rather than read as another number; then `amount`'s rule.
 */
export const amountText = (amount: z.ZodType<number, number>) =>
  z
    .string({ error: 'required' })
    .trim()
    .regex(PLAIN_AMOUNT, 'expected an amount like 280.50')
    .transform(Number)
    .pipe(amount);

/**
 * A month people give ("YYYY-MM", e.g. a fee period): its first day not more than
 * `dates.maxAhead` after `now` (past months are fine: arrears are old by nature).
 */
export function assertMonthAhead(field: string, month: string, now: Date): void {
  if (Date.parse(`${month}-01T00:00:00Z`) > now.getTime() + inputRules.maxAheadMs)
    throw new ValidationError([
      `${field}: is more than ${Math.round(inputRules.maxAheadMs / 86_400_000)} days ahead`,
    ]);
}

/**
 * A date people give for later (an appointment, a plan deadline): not before `now` less
 * `dates.pastGrace`, not more than `dates.maxAhead` after it. `now` is the caller's clock.
 */
export function assertDateAhead(field: string, date: Date | undefined, now: Date): void {
  if (!date) return;
  if (date.getTime() < now.getTime() - inputRules.pastGraceMs)
    throw new ValidationError([`${field}: is in the past`]);
  if (date.getTime() > now.getTime() + inputRules.maxAheadMs)
    throw new ValidationError([
      `${field}: is more than ${Math.round(inputRules.maxAheadMs / 86_400_000)} days ahead`,
    ]);
}

export type MoneyParse =
  { amount: number; match: string } | { error: 'money_invalid'; text: string; match: string } | undefined;

/**
 * The amount after one of `labels` in a chat text ("费用 80", "收费：120.5元"); with
 * `labelOptional`, the first number-like word when no label is there ("120元 换龙头"). Undefined
 * when there is none; an error for anything that is not a plain positive amount within the
 * ceiling ("1e9", "-50", "12.345", "0", more than `money.max`), so nothing is recorded wrong or
 * silently dropped.
 */
export function parseMoneyIn(
  text: string,
  labels: string[],
  opts: { labelOptional?: boolean } = {},
): MoneyParse {
  const label = `(?:${labels.join('|')})`;
  const labelled = new RegExp(`${label}\\s*[:：]?\\s*[¥￥]?([^\\s，,。；;元块]*)\\s*(?:元|块)?`).exec(text);
  const m =
    labelled ?? (opts.labelOptional ? /(?:^|\s)([-+]?[\d.,]*\d[\d.,eE+-]*)\s*(?:元|块)?/.exec(text) : null);
  if (!m) return undefined;
  const raw = m[1]!;
  const ok = PLAIN_AMOUNT.test(raw) && moneySchema.safeParse(Number(raw)).success;
  return ok ? { amount: Number(raw), match: m[0] } : { error: 'money_invalid', text: raw, match: m[0] };
}

/**
 * People and a zone named by an input must exist in the community: otherwise 404, nothing stored.
 * Looked up by bare `_id` (the one filter FerretDB v1 takes to SQLite), the community compared here.
 */
export async function assertReferencesExist(
  communityId: string,
  personIds: Array<string | undefined>,
  zoneId?: string,
): Promise<void> {
  for (const id of personIds) {
    const p = id ? await Person.findById(id, { communityId: 1 }).lean() : undefined;
    if (id && String(p?.communityId) !== communityId) throw new NotFoundError('person', { id });
  }
  const z = zoneId ? await Zone.findById(zoneId, { communityId: 1 }).lean() : undefined;
  if (zoneId && String(z?.communityId) !== communityId) throw new NotFoundError('zone', { id: zoneId });
}
