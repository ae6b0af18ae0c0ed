import type { Actor } from '../../src/domain/actor.js';
import { ROLES, type TicketKind } from '../../src/domain/roles.js';
import {
  allowedEvents,
  planTransition,
  statesForKind,
  TICKET_EVENTS,
  type TicketEventName,
  type TicketSnapshot,
  type TicketState,
} from '../../src/domain/ticket-machine.js';
import { OPEN_STATES } from '../../src/domain/ticket-states.js';

/**
 * Every allowed transition, written out by hand from the manuals (seed 002 appendices 1–2).
 * Anything not listed must be refused with transition_not_allowed.
 */
const SAME = 'same';
const openWork = { escalate: SAME, note: SAME, follow_up: SAME, attach_photo: SAME } as const;
const EXPECTED: Record<
  'repair' | 'inquiry' | 'complaint',
  Partial<Record<TicketState, Partial<Record<TicketEventName, string>>>>
> = {
  repair: {
    received: { dispatch: 'dispatched', request_quote: 'awaiting_quote', cancel: 'cancelled', ...openWork },
    dispatched: {
      accept: 'accepted',
      ask_help: SAME,
      transfer: 'dispatched',
      send_back: 'received',
      request_quote: 'awaiting_quote',
      cancel: 'cancelled',
      ...openWork,
    },
    accepted: {
      ask_help: SAME,
      transfer: 'dispatched',
      send_back: 'received',
      arrive: 'on_site',
      request_quote: 'awaiting_quote',
      cancel: 'cancelled',
      ...openWork,
    },
    on_site: {
      request_quote: 'awaiting_quote',
      complete: 'completed',
      cancel: 'cancelled',
      ask_help: SAME,
      ...openWork,
    },
    awaiting_quote: { quote: 'quoted', cancel: 'cancelled', ...openWork },
    quoted: { agree_quote: 'on_site', decline_quote: 'cancelled', cancel: 'cancelled', ...openWork },
    completed: {
      rate: 'rated',
      rate_unsatisfied: 'dispatched',
      callback: 'called_back',
      callback_unsatisfied: 'dispatched',
      ...openWork,
    },
    rated: { callback: 'called_back', callback_unsatisfied: 'dispatched', ...openWork },
    called_back: { close: 'closed', ...openWork },
    closed: { reopen: 'received', note: SAME },
    cancelled: { reopen: 'received', note: SAME },
  },
  inquiry: {
    received: { answer: 'completed', cancel: 'cancelled', ...openWork },
    completed: {
      rate: 'rated',
      rate_unsatisfied: 'received',
      callback: 'called_back',
      callback_unsatisfied: 'received',
      close: 'closed',
      ...openWork,
    },
    rated: { callback: 'called_back', callback_unsatisfied: 'received', close: 'closed', ...openWork },
    called_back: { close: 'closed', ...openWork },
    closed: { reopen: 'received', note: SAME },
    cancelled: { reopen: 'received', note: SAME },
  },
  complaint: {
    received: {
      classify: 'classified',
      escalate: 'escalated',
      cancel: 'cancelled',
      note: SAME,
      follow_up: SAME,
      attach_photo: SAME,
    },
    classified: {
      plan: 'planned',
      escalate: 'escalated',
      cancel: 'cancelled',
      note: SAME,
      follow_up: SAME,
      attach_photo: SAME,
    },
    planned: {
      start_handling: 'handling',
      escalate: 'escalated',
      cancel: 'cancelled',
      note: SAME,
      follow_up: SAME,
      attach_photo: SAME,
    },
    handling: {
      finish_handling: 'handled',
      escalate: 'escalated',
      note: SAME,
      follow_up: SAME,
      attach_photo: SAME,
    },
    handled: {
      callback: 'filed',
      callback_unsatisfied: 'escalated',
      escalate: 'escalated',
      note: SAME,
      follow_up: SAME,
      attach_photo: SAME,
    },
    escalated: { plan: 'planned', note: SAME, follow_up: SAME, attach_photo: SAME },
    filed: { reopen: 'received', note: SAME },
    cancelled: { reopen: 'received', note: SAME },
  },
};

/** Stated here, not imported: the machine must agree with it. */
const LINKED_RATABLE: readonly TicketState[] = ['completed', 'rated', 'called_back', 'closed'];

/** A person holding every role and every relation to the ticket: only the state can refuse. */
const omni: Actor = {
  kind: 'person',
  personId: 'p1',
  name: 'omni',
  roles: [...ROLES],
  communityId: 'c1',
  zoneIds: ['z1'],
  department: 'engineering',
  unitIds: ['u1'],
};
const ticket = (
  kind: TicketKind,
  state: TicketState,
  over: Partial<TicketSnapshot> = {},
): TicketSnapshot => ({
  state,
  kind,
  department: 'engineering',
  zoneId: 'z1',
  unitId: 'u1',
  reporterId: 'p1',
  assigneeId: kind === 'repair' ? 'p1' : null,
  escalationLevel: 0,
  quote: { resumeState: 'on_site' },
  ...over,
});
const person = (over: Partial<Actor>): Actor => ({
  kind: 'person',
  personId: 'px',
  roles: [],
  communityId: 'c1',
  zoneIds: [],
  unitIds: [],
  ...over,
});
const codeOf = (fn: () => unknown): string => {
  try {
    fn();
    return 'ok';
  } catch (err) {
    return (err as { code: string }).code;
  }
};

describe('ticket state machine: states', () => {
  for (const [kind, table] of Object.entries(EXPECTED) as Array<[TicketKind, (typeof EXPECTED)['repair']]>) {
    for (const state of statesForKind(kind)) {
      // the bot's own events (create, remind, link_reporter) are tested with their callers
      for (const event of TICKET_EVENTS.filter((e) => !['create', 'remind', 'link_reporter'].includes(e))) {
        // a linked reporter can be unlinked in any state, and rates once the work is done
        // an owner adds detail to any open report (add_detail)
        const expected =
          event === 'unlink_reporter' || (event === 'add_detail' && OPEN_STATES.includes(state))
            ? SAME
            : event === 'rate_linked'
              ? LINKED_RATABLE.includes(state)
                ? SAME
                : undefined
              : table[state]?.[event];
        const target = expected === SAME ? state : expected;
        it(`${kind}: ${state} --${event}--> ${target ?? 'refused'}`, () => {
          const t = ticket(kind, state, { linkedIds: ['p1'] });
          if (target) expect(planTransition(t, event, omni).to).toBe(target);
          else expect(codeOf(() => planTransition(t, event, omni))).toBe('transition_not_allowed');
        });
      }
    }
  }

  it('lets only the scheduler and admins record reminders, on open tickets', () => {
    const system: Actor = { kind: 'system', roles: [], zoneIds: [], unitIds: [] };
    expect(planTransition(ticket('repair', 'dispatched'), 'remind', system).to).toBe('dispatched');
    expect(codeOf(() => planTransition(ticket('repair', 'dispatched'), 'remind', omni))).toBe(
      'transition_forbidden',
    );
    expect(codeOf(() => planTransition(ticket('repair', 'closed'), 'remind', system))).toBe(
      'transition_not_allowed',
    );
  });

  it('resumes work where it stopped when the owner agrees to a quote', () => {
    expect(
      planTransition(ticket('repair', 'quoted', { quote: { resumeState: 'accepted' } }), 'agree_quote', omni)
        .to,
    ).toBe('accepted');
    expect(
      planTransition(ticket('repair', 'quoted', { quote: { resumeState: 'received' } }), 'agree_quote', omni)
        .to,
    ).toBe('received');
  });

  it('escalates an unsatisfied complaint to the director, then head office, then files it', () => {
    const handled = (level: number) => ticket('complaint', 'handled', { escalationLevel: level });
    expect(planTransition(handled(0), 'callback_unsatisfied', omni).to).toBe('escalated');
    expect(planTransition(handled(1), 'callback_unsatisfied', omni).to).toBe('escalated');
    expect(planTransition(handled(2), 'callback_unsatisfied', omni).to).toBe('filed');
  });
});

describe('ticket state machine: who may act', () => {
  const owner = person({ personId: 'p1', roles: ['owner'], unitIds: ['u1'] });
  const neighbour = person({ personId: 'p9', roles: ['owner'], unitIds: ['u9'] });
  const family = person({ personId: 'p8', roles: ['family'], unitIds: ['u1'] });
  const plumber = person({ personId: 'w1', roles: ['staff'], department: 'engineering', zoneIds: ['z1'] });
  const electrician = person({
    personId: 'w2',
    roles: ['staff'],
    department: 'engineering',
    zoneIds: ['z1'],
  });
  const farElectrician = person({
    personId: 'w4',
    roles: ['staff'],
    department: 'engineering',
    zoneIds: ['z7'],
  });
  const guard = person({ personId: 'w3', roles: ['staff'], department: 'security', zoneIds: ['z1'] });
  const engSupervisor = person({ personId: 's1', roles: ['dept_supervisor'], department: 'engineering' });
  const secSupervisor = person({ personId: 's2', roles: ['dept_supervisor'], department: 'security' });
  const frontDesk = person({ personId: 'f1', roles: ['front_desk'] });
  const zoneManager = person({ personId: 'm1', roles: ['zone_manager'], zoneIds: ['z1'] });
  const csSupervisor = person({ personId: 'c1', roles: ['cs_supervisor'] });
  const director = person({ personId: 'd1', roles: ['director'] });
  const headOffice = person({ personId: 'h1', roles: ['head_office'] });
  const system: Actor = { kind: 'system', roles: [], zoneIds: [], unitIds: [] };
  const admin: Actor = { kind: 'admin', roles: [], zoneIds: [], unitIds: [] };
  const assigned = (state: TicketState, over: Partial<TicketSnapshot> = {}) =>
    ticket('repair', state, { assigneeId: 'w1', ...over });

  const cases: Array<[string, TicketSnapshot, TicketEventName, Actor, 'ok' | 'transition_forbidden']> = [
    [
      'the front desk dispatches',
      ticket('repair', 'received', { assigneeId: null }),
      'dispatch',
      frontDesk,
      'ok',
    ],
    [
      'the scheduler dispatches',
      ticket('repair', 'received', { assigneeId: null }),
      'dispatch',
      system,
      'ok',
    ],
    [
      'an owner cannot dispatch',
      ticket('repair', 'received', { assigneeId: null }),
      'dispatch',
      owner,
      'transition_forbidden',
    ],
    [
      'another department’s supervisor cannot dispatch',
      ticket('repair', 'received', { assigneeId: null }),
      'dispatch',
      secSupervisor,
      'transition_forbidden',
    ],
    ['the assignee accepts', assigned('dispatched'), 'accept', plumber, 'ok'],
    [
      'a colleague cannot accept another’s order',
      assigned('dispatched'),
      'accept',
      electrician,
      'transition_forbidden',
    ],
    [
      'any worker of the department grabs a pool order',
      ticket('repair', 'dispatched', { assigneeId: null }),
      'accept',
      electrician,
      'ok',
    ],
    [
      'a worker outside the zone cannot grab it',
      ticket('repair', 'dispatched', { assigneeId: null }),
      'accept',
      farElectrician,
      'transition_forbidden',
    ],
    [
      'a guard cannot grab an engineering order',
      ticket('repair', 'dispatched', { assigneeId: null }),
      'accept',
      guard,
      'transition_forbidden',
    ],
    [
      'an owner cannot accept',
      ticket('repair', 'dispatched', { assigneeId: null }),
      'accept',
      owner,
      'transition_forbidden',
    ],
    ['the assignee arrives', assigned('accepted'), 'arrive', plumber, 'ok'],
    ['a colleague cannot mark arrival', assigned('accepted'), 'arrive', electrician, 'transition_forbidden'],
    ['the assignee completes', assigned('on_site'), 'complete', plumber, 'ok'],
    ['the front desk cannot complete', assigned('on_site'), 'complete', frontDesk, 'transition_forbidden'],
    ['the assignee transfers', assigned('accepted'), 'transfer', plumber, 'ok'],
    ['the assignee sends back', assigned('dispatched'), 'send_back', plumber, 'ok'],
    [
      'the front desk cannot send back for the worker',
      assigned('dispatched'),
      'send_back',
      frontDesk,
      'transition_forbidden',
    ],
    ['the engineering supervisor quotes', assigned('awaiting_quote'), 'quote', engSupervisor, 'ok'],
    [
      'the security supervisor cannot quote engineering work',
      assigned('awaiting_quote'),
      'quote',
      secSupervisor,
      'transition_forbidden',
    ],
    ['the front desk cannot quote', assigned('awaiting_quote'), 'quote', frontDesk, 'transition_forbidden'],
    ['the reporter agrees to the quote', assigned('quoted'), 'agree_quote', owner, 'ok'],
    [
      'family of the unit agree to the quote',
      assigned('quoted', { reporterId: 'p1' }),
      'agree_quote',
      family,
      'ok',
    ],
    [
      'a neighbour cannot agree to the quote',
      assigned('quoted'),
      'agree_quote',
      neighbour,
      'transition_forbidden',
    ],
    ['the reporter rates', assigned('completed'), 'rate', owner, 'ok'],
    ['a neighbour cannot rate', assigned('completed'), 'rate', neighbour, 'transition_forbidden'],
    ['the worker cannot rate their own work', assigned('completed'), 'rate', plumber, 'transition_forbidden'],
    ['the zone manager calls back', assigned('rated'), 'callback', zoneManager, 'ok'],
    ['the worker cannot record the callback', assigned('rated'), 'callback', plumber, 'transition_forbidden'],
    ['the scheduler closes a called-back order', assigned('called_back'), 'close', system, 'ok'],
    ['an owner cannot close', assigned('called_back'), 'close', owner, 'transition_forbidden'],
    [
      'the reporter cancels a fresh report',
      ticket('repair', 'received', { assigneeId: null }),
      'cancel',
      owner,
      'ok',
    ],
    [
      'the reporter cannot cancel once the worker is on site',
      assigned('on_site'),
      'cancel',
      owner,
      'transition_forbidden',
    ],
    [
      'the reporter calls off an accepted order before the visit',
      assigned('accepted'),
      'cancel',
      owner,
      'ok',
    ],
    ['the front desk cancels an accepted order', assigned('accepted'), 'cancel', frontDesk, 'ok'],
    ['an owner cannot reopen', assigned('closed'), 'reopen', owner, 'transition_forbidden'],
    ['the supervisor reopens', assigned('closed'), 'reopen', csSupervisor, 'ok'],
    ['an owner cannot add a staff note', assigned('accepted'), 'note', owner, 'transition_forbidden'],
    ['the zone manager follows up', assigned('accepted'), 'follow_up', zoneManager, 'ok'],
    ['admins may dispatch', ticket('repair', 'received', { assigneeId: null }), 'dispatch', admin, 'ok'],
    [
      'the supervisor classifies a complaint',
      ticket('complaint', 'received'),
      'classify',
      csSupervisor,
      'ok',
    ],
    [
      'the front desk cannot classify',
      ticket('complaint', 'received'),
      'classify',
      frontDesk,
      'transition_forbidden',
    ],
    ['the department supervisor plans', ticket('complaint', 'classified'), 'plan', engSupervisor, 'ok'],
    [
      'the director cannot plan before escalation',
      ticket('complaint', 'classified'),
      'plan',
      director,
      'transition_forbidden',
    ],
    [
      'the director plans after escalation',
      ticket('complaint', 'escalated', { escalationLevel: 1 }),
      'plan',
      director,
      'ok',
    ],
    [
      'head office cannot plan at director level',
      ticket('complaint', 'escalated', { escalationLevel: 1 }),
      'plan',
      headOffice,
      'transition_forbidden',
    ],
    [
      'head office plans at its level',
      ticket('complaint', 'escalated', { escalationLevel: 2 }),
      'plan',
      headOffice,
      'ok',
    ],
    [
      'department staff handle a complaint',
      ticket('complaint', 'planned'),
      'start_handling',
      electrician,
      'ok',
    ],
    [
      'another department’s staff cannot',
      ticket('complaint', 'planned'),
      'start_handling',
      guard,
      'transition_forbidden',
    ],
    ['an owner cannot escalate', ticket('complaint', 'handled'), 'escalate', owner, 'transition_forbidden'],
    ['the reporter adds a photo', assigned('accepted'), 'attach_photo', owner, 'ok'],
    ['the assignee adds a photo', assigned('on_site'), 'attach_photo', plumber, 'ok'],
    [
      'a neighbour cannot add a photo',
      assigned('accepted'),
      'attach_photo',
      neighbour,
      'transition_forbidden',
    ],
  ];
  it.each(cases)('%s', (_name, t, event, actor, expected) => {
    expect(codeOf(() => planTransition(t, event, actor))).toBe(expected);
  });

  it('lists the events an actor may fire now', () => {
    expect(allowedEvents(assigned('accepted'), plumber).sort()).toEqual([
      'arrive',
      'ask_help',
      'attach_photo',
      'note',
      'request_quote',
      'send_back',
      'transfer',
    ]);
    expect(allowedEvents(assigned('completed'), owner).sort()).toEqual([
      'add_detail',
      'attach_photo',
      'rate',
      'rate_unsatisfied',
    ]);
    expect(allowedEvents(assigned('completed'), neighbour)).toEqual([]);
  });
});
