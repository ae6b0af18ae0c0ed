import type { Config } from '../config/schema.js';
import type { Role } from './roles.js';
import { MAX_ESCALATION } from './ticket-states.js';

/**
 * Rules the manuals state once and several parts of the desk apply: read them here, never
 * restate them.
 */

/** A rating at or below `rating.reworkAtOrBelow` is unsatisfied: it opens rework (返工). */
export const isUnsatisfied = (score: number, rating: Config['rating']): boolean =>
  score <= rating.reworkAtOrBelow;

/** The top escalation level has been reached: nothing above head office. */
export const atTopEscalation = (level: number): boolean => level >= MAX_ESCALATION;

/**
 * Who owns a complaint at escalation level N (seed 002 appendix 2): the supervisors, then the
 * office director (with the customer-service supervisor informed), then head office (with the
 * director informed).
 */
export function escalationRoles(
  level: number,
): Array<Extract<Role, 'head_office' | 'director' | 'cs_supervisor'>> {
  if (level >= MAX_ESCALATION) return ['head_office', 'director'];
  if (level >= 1) return ['director', 'cs_supervisor'];
  return ['cs_supervisor'];
}
