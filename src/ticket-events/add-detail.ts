import { z } from 'zod';
import { Zone } from '../data/models/index.js';
import { note as noteText } from '../services/schemas.js';
import type { Ticket } from '../services/ticket-service.js';
import { dangerous } from './danger.js';
import { defineEvent } from './define.js';

/**
 * 补充: the owner adds to a report already registered ("在4栋2单元门口", "另外卫生间也有点渗"):
 * written onto the description, so the worker's notices and the console show it, and the worker
 * on it is told at once (on a danger, the supervisor and zone manager too).
 *
 * With `location`, the detail says where the report really is: a cry for help registered at the
 * owner's home before they could say where ("救命" → "3栋电梯里"). The ticket becomes that public
 * place, in the zone of the building it names (the zone it had when it names none), so the
 * notices and lists that follow point there rather than at the owner's flat.
 */
export const addDetail = defineEvent({
  name: 'add_detail',
  summary: 'Add detail to a report',
  input: z.object({ note: noteText, location: z.string().trim().min(1).max(200).optional() }).strict(),
  transitions: [{ from: 'any_open', to: 'same', who: ['reporter', 'front_desk', 'admin'] }],
  effect: async (_c, t, d) => ({
    set: {
      description: `${t.description}；${d.note}`.slice(0, 2000),
      ...(d.location ? await placed(t, d.location) : {}),
    },
    note: d.note,
    ...(d.location ? { data: { location: d.location } } : {}),
  }),
  notices: [
    { to: 'assignee', key: 'notice.detail_added' },
    // where an owner in danger is, what happened: the supervisor and zone manager alerted hear it
    { to: 'dept_supervisor', key: 'notice.detail_added', when: (h) => dangerous(h.ticket) },
    { to: 'zone_manager', key: 'notice.detail_added', when: (h) => dangerous(h.ticket) },
  ],
  http: { action: 'add-detail' },
  form: [{ name: 'note', type: 'textarea', required: true }],
});

/** The ticket moved to a public place: no unit, and the zone of the building said ("3栋电梯"). */
async function placed(t: Pick<Ticket, 'communityId'>, location: string) {
  const building = /(\d+)\s*(?:栋|幢|号楼|楼|座)/.exec(location)?.[1];
  const zone = building
    ? await Zone.findOne({ communityId: t.communityId, buildings: building }, { _id: 1 }).lean()
    : null;
  return { scope: 'public', location, unitId: null, ...(zone ? { zoneId: zone._id } : {}) };
}
