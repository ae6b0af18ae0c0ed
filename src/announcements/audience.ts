import { Types } from 'mongoose';
import { Unit, Zone } from '../data/models/index.js';
import { ValidationError } from '../domain/errors.js';
import type { AnnouncementDoc } from './model.js';

type Audience = Pick<AnnouncementDoc, 'scope' | 'buildings'> & {
  zoneIds: Array<Types.ObjectId | string>;
  unitIds: Array<Types.ObjectId | string>;
};

const ids = (xs: Array<Types.ObjectId | string>) => xs.map((x) => new Types.ObjectId(String(x)));

/**
 * The zones a notice's audience touches, checked against the community: every zone, building
 * and unit named must exist there (a typo is a 400 naming it, never a notice to nobody).
 */
export async function zonesOf(communityId: Types.ObjectId, a: Audience): Promise<Types.ObjectId[]> {
  switch (a.scope) {
    case 'community':
      return (await Zone.find({ communityId, active: true }, { _id: 1 }).lean()).map((z) => z._id);
    case 'zones': {
      const found = await Zone.find({ communityId, _id: { $in: ids(a.zoneIds) } }, { _id: 1 }).lean();
      const known = new Set(found.map((z) => String(z._id)));
      const missing = a.zoneIds.map(String).filter((z) => !known.has(z));
      if (missing.length) throw new ValidationError([`zoneIds: no such zone ${missing.join(', ')}`]);
      return found.map((z) => z._id);
    }
    case 'buildings': {
      const units = await Unit.find(
        { communityId, building: { $in: a.buildings }, active: true },
        { building: 1, zoneId: 1 },
      ).lean();
      const known = new Set(units.map((u) => u.building));
      const missing = a.buildings.filter((b) => !known.has(b));
      if (missing.length) throw new ValidationError([`buildings: no such building ${missing.join(', ')}`]);
      return distinct(units.map((u) => u.zoneId));
    }
    case 'units': {
      const units = await Unit.find({ communityId, _id: { $in: ids(a.unitIds) } }, { zoneId: 1 }).lean();
      const known = new Set(units.map((u) => String(u._id)));
      const missing = a.unitIds.map(String).filter((u) => !known.has(u));
      if (missing.length) throw new ValidationError([`unitIds: no such unit ${missing.join(', ')}`]);
      return distinct(units.map((u) => u.zoneId));
    }
  }
}

function distinct(xs: Types.ObjectId[]): Types.ObjectId[] {
  const seen = new Map(xs.map((x) => [String(x), x]));
  return [...seen.values()];
}

/** The filter of the units a notice concerns. */
export function unitFilter(communityId: Types.ObjectId, a: Audience): Record<string, unknown> {
  const base = { communityId, active: true };
  switch (a.scope) {
    case 'community':
      return base;
    case 'zones':
      return { ...base, zoneId: { $in: ids(a.zoneIds) } };
    case 'buildings':
      return { ...base, building: { $in: a.buildings } };
    case 'units':
      return { ...base, _id: { $in: ids(a.unitIds) } };
  }
}

/** Whether a notice concerns this unit (pure: the chat answer checks each active notice). */
export function covers(a: Audience, unit: { _id: unknown; zoneId: unknown; building: string }): boolean {
  switch (a.scope) {
    case 'community':
      return true;
    case 'zones':
      return a.zoneIds.some((z) => String(z) === String(unit.zoneId));
    case 'buildings':
      return a.buildings.includes(unit.building);
    case 'units':
      return a.unitIds.some((u) => String(u) === String(unit._id));
  }
}
