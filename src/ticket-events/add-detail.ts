import type { Types } from 'mongoose';
import { z } from 'zod';
import { note as noteText } from '../services/schemas.js';
import { zoneOfPlace } from '../services/place-zone.js';
import type { Ticket } from '../services/ticket-service.js';
import { dangerous } from './danger.js';
import { defineEvent, type Happened } from './define.js';

/**
 * 补充: the owner adds to a report already registered ("在4栋2单元门口", "另外卫生间也有点渗"):
 * written onto the description, so the worker's notices and the console show it, and the worker
 * on it is told at once (on a danger, the supervisor and zone manager too).
 *
 * With `location`, the detail says where the report really is: a cry for help registered at the
 * owner's home before they could say where ("救命" → "3栋电梯里"). The ticket becomes that public
 * place, in the zone of the building it names (the zone it had when it names none), so the
 * notices and lists that follow point there rather than at the owner's flat. A danger moved to
 * another zone is that zone's emergency: its manager gets the full alert (【紧急】) they never had,
 * and the manager alerted at the start hears where it went (`data.previousZoneId`); a worker who
 * does not cover the new zone is replaced by the dispatcher (src/services/auto-dispatch.ts).
 */
export const addDetail = defineEvent({
  name: 'add_detail',
  summary: 'Add detail to a report',
  input: z.object({ note: noteText, location: z.string().trim().min(1).max(200).optional() }).strict(),
  transitions: [{ from: 'any_open', to: 'same', who: ['reporter', 'front_desk', 'admin'] }],
  effect: async (_c, t, d) => {
    const place = d.location ? await placed(t, d.location) : undefined;
    const moved = !!place?.zoneId && String(place.zoneId) !== String(t.zoneId ?? '');
    return {
      set: { description: `${t.description}；${d.note}`.slice(0, 2000), ...place },
      note: d.note,
      ...(d.location
        ? {
            data: {
              location: d.location,
              ...(moved
                ? { previousZoneId: t.zoneId ? String(t.zoneId) : null, zoneId: String(place.zoneId) }
                : {}),
            },
          }
        : {}),
    };
  },
  notices: [
    { to: 'assignee', key: 'notice.detail_added' },
    // where an owner in danger is, what happened: the supervisor and zone manager alerted hear it
    { to: 'dept_supervisor', key: 'notice.detail_added', when: (h) => dangerous(h.ticket) },
    { to: 'zone_manager', key: 'notice.detail_added', when: (h) => dangerous(h.ticket) && !movedZone(h) },
    // moved to another zone: its manager is alerted as at the start, the first one told where it went
    { to: 'zone_manager', key: 'notice.hazard_new', when: (h) => dangerous(h.ticket) && movedZone(h) },
    {
      to: 'previous_zone_manager',
      key: 'notice.hazard_moved',
      when: (h) => dangerous(h.ticket) && movedZone(h),
    },
  ],
  http: { action: 'add-detail' },
  form: [{ name: 'note', type: 'textarea', required: true }],
});

/** The detail moved the report to another zone (`data.zoneId`, the zone it left `data.previousZoneId`). */
export const movedZone = (h: Pick<Happened, 'event' | 'data'>): boolean =>
  h.event === 'add_detail' && !!h.data?.zoneId;

/** The ticket moved to a public place: no unit, and the zone of the building said ("3栋电梯"). */
async function placed(
  t: Pick<Ticket, 'communityId'>,
  location: string,
): Promise<{ scope: 'public'; location: string; unitId: null; zoneId?: Types.ObjectId }> {
  const zoneId = await zoneOfPlace(t.communityId, location);
  return { scope: 'public', location, unitId: null, ...(zoneId ? { zoneId } : {}) };
}
