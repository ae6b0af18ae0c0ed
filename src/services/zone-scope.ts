import { Types } from 'mongoose';
import { Unit } from '../data/models/index.js';
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

/** The filter that keeps a zone-limited actor's reads of zoned records (units, binding claims) in their zones. */
export function inZones(actor: Actor): { zoneId?: { $in: Types.ObjectId[] } } {
  if (!zoneLimited(actor)) return {};
  return { zoneId: { $in: actor.zoneIds.map((z) => new Types.ObjectId(z)) } };
}

const zoneObjectIds = (actor: Actor) => actor.zoneIds.map((z) => new Types.ObjectId(z));

/**
 * The filter that keeps a zone-limited actor's reads of people in their zones: the residents of
 * their zones' units and the staff working in them (as the simulator lets them speak as).
 */
export async function peopleInZones(actor: Actor): Promise<Record<string, unknown>> {
  if (!zoneLimited(actor)) return {};
  const zones = zoneObjectIds(actor);
  const units = await Unit.find({ zoneId: { $in: zones } }, { _id: 1 }).lean();
  return { $or: [{ zoneIds: { $in: zones } }, { 'units.unitId': { $in: units.map((u) => u._id) } }] };
}

/** The filter that keeps a zone-limited actor's reads of chat groups to their zones' and the zone-less ones. */
export function roomsInZones(actor: Actor): Record<string, unknown> {
  if (!zoneLimited(actor)) return {};
  return { $or: [{ zoneId: { $in: zoneObjectIds(actor) } }, { zoneId: null }] };
}
