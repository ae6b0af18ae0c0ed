import { DateTime } from 'luxon';

/** Pure rules of the visit cadences (seed 003 篇5 §5, seed 000 §3), on "YYYY-MM" months. */

/** The months `n` back from `month`, itself included ("2026-12", 3 → 10, 11, 12). */
export function lastMonths(month: string, n: number): string[] {
  const m = DateTime.fromISO(`${month}-01`);
  return Array.from({ length: n }, (_, i) => m.minus({ months: n - 1 - i }).toFormat('yyyy-LL'));
}

/** The meeting period a month falls in, every `every` months from January ("2026-P4" for Oct–Dec at 3). */
export function meetingPeriod(month: string, every: number): string {
  const m = DateTime.fromISO(`${month}-01`);
  return `${m.year}-P${Math.floor((m.month - 1) / every) + 1}`;
}

/**
 * Key customers to visit this month: at least `share` of them, and enough that every one is seen
 * within `cycleMonths`; those least recently visited (never first) come first.
 */
export function pickKeyCustomers(
  units: Array<{ unitId: string; lastVisit: string | null }>,
  share: number,
  cycleMonths: number,
): string[] {
  if (!units.length) return [];
  const count = Math.min(
    units.length,
    Math.max(Math.ceil(units.length * share), Math.ceil(units.length / cycleMonths)),
  );
  return [...units]
    .sort((a, b) => (a.lastVisit ?? '').localeCompare(b.lastVisit ?? '') || a.unitId.localeCompare(b.unitId))
    .slice(0, count)
    .map((u) => u.unitId);
}

/**
 * Households the supervisor visits this month: those not yet visited this year, spread evenly
 * over the months left (December takes all that remain).
 */
export function pickSupervisorVisits(notYetThisYear: string[], month: string): string[] {
  const left = 12 - DateTime.fromISO(`${month}-01`).month + 1;
  return [...notYetThisYear].sort().slice(0, Math.ceil(notYetThisYear.length / left));
}

/** The day of the month, as "YYYY-MM-DD", of the month's deadline. */
export const dueDate = (month: string, day: number) => `${month}-${String(day).padStart(2, '0')}`;
