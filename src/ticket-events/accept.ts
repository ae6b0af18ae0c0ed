import { Types } from 'mongoose';
import { z } from 'zod';
import { DISPATCHABLE } from '../domain/ticket-states.js';
import { defineEvent } from './define.js';

/** 接单 / 抢单: the assigned worker confirms, or a pool worker takes the order. */
export const accept = defineEvent({
  name: 'accept',
  summary: 'Accept (接单)',
  input: z.object({}).strict(),
  transitions: [
    { from: ['dispatched'], to: 'accepted', who: ['assignee', 'pool_staff'], kinds: DISPATCHABLE },
  ],
  effect: (c, t) => ({
    set: {
      acceptedAt: c.now,
      ...(t.assigneeId
        ? {}
        : { assigneeId: new Types.ObjectId(c.actor.personId!), assigneeName: c.actor.name }),
    },
    data: { grabbed: !t.assigneeId },
  }),
  clocks: (s, sla) => {
    const arriveBy = s.appointmentFrom
      ? new Date(s.appointmentFrom.getTime() - sla.arriveBeforeAppointment)
      : new Date(s.now.getTime() + (s.scope === 'public' ? sla.arrivePublic : sla.arriveInUnit));
    return { acceptBy: null, arriveBy: arriveBy < s.now ? s.now : arriveBy };
  },
  notices: [
    { to: 'reporter', key: 'notice.accepted', heldKey: 'notice.accepted_held' },
    { to: 'department_group', key: 'notice.grabbed', when: (h) => h.data?.grabbed === true },
  ],
  http: { action: 'accept' },
  form: [],
  chat: { implied: ['dispatched'], parse: () => ({ input: {} }) },
});
