import { z } from 'zod';
import { hazardIn } from '../domain/hazards.js';
import { defineEvent, followUpAfter, plus } from './define.js';

/**
 * A new report (受理). Its input and checks are TicketService.create's (createTicketInput); here:
 * its clocks and who hears of it. Every kind reaches someone: complaints the customer-service
 * supervisor, other reports the front desk (repairs only when nobody dispatches them
 * automatically), praise also the praised worker and the zone manager; a danger (gas, sparks, a
 * person in a lift) also the department supervisor and the zone manager.
 */
export const create = defineEvent({
  name: 'create',
  summary: 'Register a ticket',
  input: z.object({}).passthrough(),
  transitions: [],
  clocks: (s, sla) => ({
    dispatchBy: s.scope === 'public' ? plus(s.now, sla.dispatch) : null,
    followUpBy: followUpAfter(s, sla),
  }),
  notices: [
    // replayed after a crash: the owner may never have been told the number
    { to: 'reporter', key: 'notice.registered', when: (h) => !!h.recovered, untoldActor: true },
    { to: 'cs_supervisor', key: 'notice.complaint_new', when: (h) => h.ticket.kind === 'complaint' },
    {
      to: 'front_desk',
      key: 'notice.new_report',
      when: (h) =>
        ['help', 'inquiry', 'suggestion', 'praise'].includes(h.ticket.kind) ||
        (h.ticket.kind === 'repair' && h.config.dispatch.mode === 'manual'),
    },
    // gas, sparks, fire, people in a lift, a burst pipe: the supervisors hear of it at once too
    { to: 'dept_supervisor', key: 'notice.hazard_new', when: (h) => hazardous(h.ticket) },
    { to: 'zone_manager', key: 'notice.hazard_new', when: (h) => hazardous(h.ticket) },
    { to: 'praised', key: 'notice.praised', when: (h) => h.ticket.kind === 'praise' },
    { to: 'zone_manager', key: 'notice.praise_zone', when: (h) => h.ticket.kind === 'praise' },
  ],
});

/** A danger (gas, sparks, burst pipe…): the supervisors are alerted at once, and told if it is called off. */
export const hazardous = (t: { kind: string; description: string }) =>
  (t.kind === 'repair' || t.kind === 'help') && Boolean(hazardIn(t.description));
