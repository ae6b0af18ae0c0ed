import { Types } from 'mongoose';
import { z } from 'zod';
import { isUnsatisfied } from '../domain/service-rules.js';
import { LINKED_RATABLE } from '../domain/ticket-states.js';
import { defineEvent } from './define.js';
import type { TicketDoc } from '../data/models/ticket.js';

const objectId = z.string().regex(/^[0-9a-f]{24}$/i, 'an id');
type Linked = NonNullable<TicketDoc['linked']>[number];
const others = (t: TicketDoc, personId: string): Linked[] =>
  (t.linked ?? []).filter((l) => String(l.personId) !== personId);

/**
 * 同一问题: a second owner reports the same public problem while it is being worked on; they are
 * linked to the open ticket (no second dispatch) and hear its outcome. Fired by the bot on the
 * owner's behalf (the owner may not see the ticket before they are linked).
 */
export const linkReporter = defineEvent({
  name: 'link_reporter',
  summary: 'Link a reporter of the same problem',
  input: z
    .object({
      personId: objectId,
      name: z.string().trim().max(100).optional(),
      description: z.string().trim().max(2000).optional(),
    })
    .strict(),
  transitions: [{ from: 'any_open', to: 'same', who: ['system', 'admin'] }],
  effect: (c, t, d) => ({
    set: {
      linked: [
        ...others(t, d.personId),
        { personId: new Types.ObjectId(d.personId), name: d.name, at: c.now, description: d.description },
      ],
    },
    note: d.description,
    data: { personId: d.personId, name: d.name, linked: others(t, d.personId).length + 1 },
  }),
});

/** Staff separate an owner who was linked by mistake; the owner is told to report again. */
export const unlinkReporter = defineEvent({
  name: 'unlink_reporter',
  summary: 'Unlink a reporter',
  input: z.object({ personId: objectId, note: z.string().trim().max(500).optional() }).strict(),
  transitions: [
    {
      from: 'any',
      to: 'same',
      who: ['front_desk', 'cs_supervisor', 'zone_manager', 'dept_supervisor_of', 'admin'],
    },
  ],
  effect: (_c, t, d) => {
    const gone = (t.linked ?? []).find((l) => String(l.personId) === d.personId);
    return {
      set: { linked: others(t, d.personId) },
      note: d.note,
      data: { personId: d.personId, name: gone?.name, wasLinked: !!gone },
    };
  },
  notices: [{ to: 'unlinked_reporter', key: 'notice.unlinked', when: (h) => !!h.data?.wasLinked }],
  http: { action: 'unlink-reporter' },
  form: [
    { name: 'personId', type: 'linked_reporter', required: true },
    { name: 'note', type: 'textarea' },
  ],
});

/** A linked owner's rating of the outcome: kept on their link; a low one tells the CS supervisor. */
export const rateLinked = defineEvent({
  name: 'rate_linked',
  summary: 'Rating of a linked reporter',
  input: z
    .object({ score: z.number().int().min(1).max(5), comment: z.string().trim().max(500).optional() })
    .strict(),
  transitions: [{ from: LINKED_RATABLE, to: 'same', who: ['linked_reporter', 'admin'] }],
  effect: (c, t, d) => {
    const me = c.actor.personId ?? '';
    return {
      set: {
        linked: (t.linked ?? []).map((l) =>
          String(l.personId) === me ? { ...l, rating: { score: d.score, comment: d.comment, at: c.now } } : l,
        ),
      },
      note: d.comment,
      data: { score: d.score, low: isUnsatisfied(d.score, c.config.rating) },
    };
  },
  notices: [{ to: 'cs_supervisor', key: 'notice.linked_rated_low', when: (h) => !!h.data?.low }],
});
