import { Types } from 'mongoose';
import { Zone } from '../data/models/index.js';

/** The building a place names: "3栋电梯" → "3", "5号楼楼下" → "5"; none → undefined. */
export const buildingIn = (place: string): string | undefined =>
  /(\d+)\s*(?:栋|幢|号楼|楼|座)/.exec(place)?.[1];

/**
 * The zone holding the building a place names ("3栋电梯" → the zone of building 3), if the place
 * names one the community has: one rule for where a public place is, whether it is said with the
 * report (TicketService.create) or after it (add_detail's location).
 */
export async function zoneOfPlace(
  communityId: Types.ObjectId | string,
  place: string,
): Promise<Types.ObjectId | undefined> {
  const building = buildingIn(place);
  if (!building) return undefined;
  const zone = await Zone.findOne(
    { communityId: new Types.ObjectId(String(communityId)), buildings: building },
    { _id: 1 },
  ).lean();
  return zone?._id;
}
