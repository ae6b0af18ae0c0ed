import { Types } from 'mongoose';
import { Zone } from '../data/models/index.js';
import { hasRole, type Actor } from '../domain/actor.js';
import { ForbiddenError, NotFoundError } from '../domain/errors.js';

/** Roles that see and record for the whole community (patrols, vacant units, visits). */
const COMMUNITY_WIDE = ['cs_supervisor', 'director', 'head_office', 'front_desk'] as const;

/**
 * The zones an actor works in for patrols, vacant units and visits: `undefined` for the whole
 * community (supervisors, director, front desk, admin), the actor's zones for a zone manager;
 * anyone else (owners, workers) may not.
 */
export function workZones(actor: Actor): string[] | undefined {
  if (actor.kind === 'admin' || actor.kind === 'system') return undefined;
  if (hasRole(actor, ...COMMUNITY_WIDE)) return undefined;
  if (hasRole(actor, 'zone_manager')) return actor.zoneIds;
  throw new ForbiddenError();
}

/** The filter of the zoned records an actor may read. */
export function zoneFilter(actor: Actor): Record<string, unknown> {
  const zones = workZones(actor);
  const community =
    actor.kind === 'person' && actor.communityId
      ? { communityId: new Types.ObjectId(actor.communityId) }
      : {};
  return zones ? { ...community, zoneId: { $in: zones.map((z) => new Types.ObjectId(z)) } } : community;
}

/** The zone, if the actor works in it; otherwise 404 (another community) or 403 `wrong_zone`. */
export async function zoneOf(actor: Actor, zoneId: string) {
  const zone = await Zone.findById(zoneId).lean();
  if (!zone || (actor.communityId && String(zone.communityId) !== actor.communityId))
    throw new NotFoundError('zone', { id: zoneId });
  const zones = workZones(actor);
  if (zones && !zones.includes(zoneId)) throw new ForbiddenError('wrong_zone');
  return zone;
}

/** The filter of the zones themselves an actor works in. */
export function zonesVisible(actor: Actor): Record<string, unknown> {
  const { zoneId, ...community } = zoneFilter(actor);
  return zoneId ? { ...community, _id: zoneId } : community;
}
