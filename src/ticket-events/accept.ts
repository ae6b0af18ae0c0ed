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
  // 5 minutes before the appointment; with none, or a window already begun ("今天下午都在家",
  // accepted at 16:20), as soon as possible: within 15 minutes (10 for a public facility)
  clocks: (s, sla) => {
    const soon = new Date(s.now.getTime() + (s.scope === 'public' ? sla.arrivePublic : sla.arriveInUnit));
    const before = s.appointmentFrom && new Date(s.appointmentFrom.getTime() - sla.arriveBeforeAppointment);
    return { acceptBy: null, arriveBy: before && before > s.now ? before : soon };
  },
  notices: [
    { to: 'reporter', key: 'notice.accepted', heldKey: 'notice.accepted_held' },
    { to: 'department_group', key: 'notice.grabbed', when: (h) => h.data?.grabbed === true },
  ],
  http: { action: 'accept' },
  form: [],
  chat: { implied: ['dispatched'], parse: () => ({ input: {} }) },
});
