import { z } from 'zod';

/** A fee period: one month, "YYYY-MM". */
export const monthSchema = z
  .string()
  .trim()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month as "YYYY-MM"');

export type RateKind = 'monthly' | 'quarterly' | 'yearly';

/** The months a collection rate covers: the month itself, its quarter up to it, its year up to it. */
export function monthsOf(kind: RateKind, month: string): string[] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const first = kind === 'monthly' ? m : kind === 'quarterly' ? Math.floor((m - 1) / 3) * 3 + 1 : 1;
  const out: string[] = [];
  for (let i = first; i <= m; i++) out.push(`${y}-${String(i).padStart(2, '0')}`);
  return out;
}

/** Paid over due (money rounded to fen first), or null when nothing was due. */
export function collectionRate(
  records: ReadonlyArray<{ amountDue: number; amountPaid: number }>,
): number | null {
  const due = records.reduce((s, r) => s + Math.round(r.amountDue * 100), 0);
  if (!due) return null;
  const paid = records.reduce(
    (s, r) => s + Math.min(Math.round(r.amountPaid * 100), Math.round(r.amountDue * 100)),
    0,
  );
  return Math.round((paid / due) * 10000) / 10000;
}
