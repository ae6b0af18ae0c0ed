import type { Department } from '../domain/roles.js';

/** Daily by the zone manager, weekly by the zone team, weekly by the customer-service supervisor. */
export const PATROL_KINDS = ['daily', 'team', 'supervisor'] as const;
export type PatrolKind = (typeof PATROL_KINDS)[number];

/**
 * The checklist's areas (seed 000 篇2 一(1), seed 002 第七條): safety (violations, hazards, fire
 * passages, wiring, strangers), environment (greenery, litter, bins, parking, noise), facilities
 * (roads, drains, barriers, play equipment, lifts, lighting, meter boxes). What each covers is
 * `patrols.area_hint.<area>` in the locales.
 */
export const PATROL_AREAS = ['safety', 'environment', 'facilities'] as const;
export type PatrolArea = (typeof PATROL_AREAS)[number];

/** The department a problem found in an area goes to when it becomes a ticket. */
export const AREA_DEPARTMENT: Record<PatrolArea, Department> = {
  safety: 'security',
  environment: 'cleaning',
  facilities: 'engineering',
};

/** Who records which kind of patrol. */
export const KIND_ROLES: Record<PatrolKind, readonly string[]> = {
  daily: ['zone_manager'],
  team: ['zone_manager'],
  supervisor: ['cs_supervisor', 'director'],
};

/**
 * The public-area inspection score (0–100) of a set of patrols: the share of checked areas found
 * in order. Null when fewer than `minPatrols` patrols (no score rather than a made-up one).
 */
export function patrolScore(
  patrols: Array<{ items: Array<{ ok: boolean }> }>,
  minPatrols: number,
): number | null {
  if (patrols.length < minPatrols) return null;
  const items = patrols.flatMap((p) => p.items);
  if (!items.length) return null;
  return Math.round((items.filter((i) => i.ok).length / items.length) * 10000) / 100;
}
