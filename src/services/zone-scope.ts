import { Types } from 'mongoose';
import { hasRole, type Actor } from '../domain/actor.js';
import { ForbiddenError } from '../domain/errors.js';

/**
 * A console zone manager (and nothing wider: not also front desk, customer service, director or
 * head office) works inside their zones only, for writes as for reads.
 */
export function zoneLimited(actor: Actor): boolean {
  return (
    actor.kind === 'person' &&
    actor.consoleRole === 'zone_manager' &&
    !hasRole(actor, 'front_desk', 'cs_supervisor', 'director', 'head_office')
  );
}

/** A write into `zoneId` (or into no zone) by a zone-limited actor outside their zones: 403 `wrong_zone`. */
export function assertZoneWritable(actor: Actor, zoneId: string | undefined): void {
  if (zoneLimited(actor) && (!zoneId || !actor.zoneIds.includes(String(zoneId))))
    throw new ForbiddenError('wrong_zone');
}

/** The filter that keeps a zone-limited actor's reads of zoned records (binding claims) in their zones. */
export function inZones(actor: Actor): { zoneId?: { $in: Types.ObjectId[] } } {
  if (!zoneLimited(actor)) return {};
  return { zoneId: { $in: actor.zoneIds.map((z) => new Types.ObjectId(z)) } };
}
