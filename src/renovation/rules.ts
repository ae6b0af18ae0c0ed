import { DateTime } from 'luxon';
import { periodsOf } from '../patrols/periods.js';
import type { CalendarSpan, RenovationConfig } from './config.js';

/** The life cycle of one application (seed 003 part 2). */
export const RENOVATION_STATES = [
  'submitted', // waiting for customer service and engineering
  'changes_requested', // one of them asked for changes; the owner resubmits
  'approved', // both approved; permit and passes pending
  'in_progress', // permit issued: works run, inspected daily
  'suspended', // power cut / cleared after the last step of the violation ladder
  'awaiting_acceptance', // the owner declared the works done
  'accepted', // acceptance passed; deposit refund scheduled
  'refunded', // deposit refunded, finance told
  'rejected',
  'cancelled',
] as const;
export type RenovationState = (typeof RENOVATION_STATES)[number];

export const REVIEWERS = ['customer_service', 'engineering'] as const;
export type Reviewer = (typeof REVIEWERS)[number];

export const SIZES = ['small', 'large'] as const;
export type Size = (typeof SIZES)[number];

/** The manual's ladder (4.4): each repeat of a violation climbs one step. */
export const VIOLATION_LADDER = ['verbal_warning', 'written_notice', 'final_warning', 'power_cut'] as const;
export type ViolationLevel = (typeof VIOLATION_LADDER)[number];

/** Works in these states are running and inspected every day. */
export const RUNNING: readonly RenovationState[] = ['in_progress', 'suspended'];
export const OPEN: readonly RenovationState[] = [
  'submitted',
  'changes_requested',
  'approved',
  'in_progress',
  'suspended',
  'awaiting_acceptance',
];

const DAY = 86_400_000;

/** The first start date an application made at `now` may name (a date in the community's zone). */
export function earliestStart(now: Date, cfg: RenovationConfig, timezone: string): string {
  const days = Math.ceil(cfg.applyAhead / DAY);
  return DateTime.fromJSDate(now).setZone(timezone).startOf('day').plus({ days }).toISODate()!;
}

/** Days between two ISO dates, both counted (2026-12-10 … 2026-12-10 is 1 day). */
export function spanDays(start: string, end: string): number {
  return Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / DAY) + 1;
}

/** The longest period allowed for works of this size, in days. */
export function periodLimitDays(size: Size, cfg: RenovationConfig): number {
  return Math.floor((size === 'small' ? cfg.periods.small : cfg.periods.large) / DAY);
}

export type DatesProblem =
  { code: 'too_soon'; earliest: string } | { code: 'end_before_start' } | { code: 'too_long'; max: number };

/** Checks the dates of an application (start far enough ahead, end after start, period within the limit). */
export function checkDates(
  d: { startDate: string; endDate: string; size: Size },
  now: Date,
  cfg: RenovationConfig,
  timezone: string,
): DatesProblem | undefined {
  const earliest = earliestStart(now, cfg, timezone);
  if (d.startDate < earliest) return { code: 'too_soon', earliest };
  if (d.endDate < d.startDate) return { code: 'end_before_start' };
  const max = periodLimitDays(d.size, cfg);
  if (spanDays(d.startDate, d.endDate) > max) return { code: 'too_long', max };
  return undefined;
}

/** An extension may move the end date, but never beyond the overall maximum from the start. */
export function extensionProblem(
  startDate: string,
  endDate: string,
  until: string,
  cfg: RenovationConfig,
): DatesProblem | undefined {
  if (until <= endDate) return { code: 'end_before_start' };
  const max = Math.floor(cfg.periods.max / DAY);
  if (spanDays(startDate, until) > max) return { code: 'too_long', max };
  return undefined;
}

/** The next step of the ladder after the violations recorded so far (the last step repeats). */
export function nextViolationLevel(recorded: number): ViolationLevel {
  return VIOLATION_LADDER[Math.min(recorded, VIOLATION_LADDER.length - 1)]!;
}

/** Whether works may make noise at `at` (inside one of the configured windows, community time). */
export function withinWorkHours(at: Date, cfg: RenovationConfig, timezone: string): boolean {
  const t = DateTime.fromJSDate(at).setZone(timezone);
  const minute = t.hour * 60 + t.minute;
  return cfg.workHours.some((w) => minute >= w.from && minute < w.to);
}

export const workHoursText = (cfg: RenovationConfig) => cfg.workHours.map((w) => w.text).join(', ');

/** The community-local day of `at` ("2026-12-02"): one inspection task per renovation per day. */
export const localDay = (at: Date, timezone: string) => periodsOf(at, timezone).day;

/** `at` plus a span: calendar months in the community's zone (12-31 + 1 month = 01-31), or a duration. */
export function afterSpan(at: Date, span: CalendarSpan, timezone: string): Date {
  if (span.months === undefined) return new Date(at.getTime() + span.ms);
  return DateTime.fromJSDate(at).setZone(timezone).plus({ months: span.months }).toJSDate();
}

/** Whether the daily inspection task for `day` is due at `at` (on or after `inspectionAt`). */
export function inspectionDue(at: Date, cfg: RenovationConfig, timezone: string): boolean {
  const t = DateTime.fromJSDate(at).setZone(timezone);
  return t.hour * 60 + t.minute >= cfg.inspectionAt;
}

/** Both reviewers approved: the application is approved. */
export const fullyApproved = (reviews: Partial<Record<Reviewer, { decision: string }>>) =>
  REVIEWERS.every((r) => reviews[r]?.decision === 'approve');
