import type { Types } from 'mongoose';
import { Patrol } from '../data/models/index.js';
import { patrolScore } from './checklist.js';

/** The month's patrol score of each zone (for the zone ranking). */
export async function patrolScores(
  zoneIds: Types.ObjectId[],
  month: string,
  minPatrols: number,
): Promise<Map<string, number | null>> {
  const patrols = await Patrol.find({ zoneId: { $in: zoneIds }, month }, { zoneId: 1, items: 1 }).lean();
  return new Map(
    zoneIds.map((id) => [
      String(id),
      patrolScore(
        patrols.filter((p) => String(p.zoneId) === String(id)),
        minPatrols,
      ),
    ]),
  );
}
