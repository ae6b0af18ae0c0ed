import { createCalendar } from '../../src/app.js';
import { kpisOf } from '../../src/reports/kpis.js';
import type { Ticket } from '../../src/services/ticket-service.js';
import { testConfig } from '../support/fixtures.js';

const config = testConfig();
const calendar = createCalendar(config);
const at = (s: string) => new Date(`2026-${s}:00+08:00`);
const NOVEMBER = { from: at('11-01T00:00'), to: at('12-01T00:00') };
const t = (over: Partial<Record<keyof Ticket, unknown>>) =>
  ({ kind: 'repair', scope: 'in_unit', state: 'received', reworkCount: 0, ...over }) as unknown as Ticket;

/** Six tickets whose KPIs were worked out by hand (comments give each ticket's part). */
const FIXTURE = [
  // 1: in-unit, accepted in 3 min, on site 10 min later (≤ 15 ✓), rated 5, called back next morning ✓
  t({
    createdAt: at('11-02T09:00'),
    dispatchedAt: at('11-02T09:02'),
    acceptedAt: at('11-02T09:05'),
    arrivedAt: at('11-02T09:15'),
    completedAt: at('11-02T10:00'),
    rating: { score: 5, at: at('11-02T11:00') },
    callback: { satisfied: true, at: at('11-03T09:00') },
    state: 'called_back',
  }),
  // 2: public, dispatched after 8 min (> 5 ✗), on site after 20 min (> 10 ✗), rated 2 (rework),
  //    called back Thursday 16:00 although due Wednesday 11:00 ✗
  t({
    scope: 'public',
    createdAt: at('11-03T10:00'),
    dispatchedAt: at('11-03T10:08'),
    acceptedAt: at('11-03T10:10'),
    arrivedAt: at('11-03T10:30'),
    completedAt: at('11-03T11:00'),
    rating: { score: 2, at: at('11-03T11:30') },
    callback: { satisfied: false, at: at('11-05T16:00') },
    reworkCount: 1,
    state: 'dispatched',
  }),
  // 3: public, dispatched in 3 min ✓, accepted 7 min later, on site 8 min later ✓, still open
  t({
    scope: 'public',
    createdAt: at('11-04T08:40'),
    dispatchedAt: at('11-04T08:43'),
    acceptedAt: at('11-04T08:50'),
    arrivedAt: at('11-04T08:58'),
    state: 'on_site',
  }),
  // 4, 5: complaints, one filed, one still planned
  t({ kind: 'complaint', createdAt: at('11-05T10:00'), state: 'filed' }),
  t({ kind: 'complaint', createdAt: at('11-06T10:00'), state: 'planned' }),
  // 6: made in October, completed and rated 4 in November, no callback yet
  t({
    createdAt: at('10-30T10:00'),
    completedAt: at('11-01T10:00'),
    rating: { score: 4, at: at('11-01T12:00') },
    state: 'rated',
  }),
];

describe('monthly KPIs (domain.md targets)', () => {
  it('match the figures worked out by hand', () => {
    expect(kpisOf(FIXTURE, NOVEMBER, config, calendar)).toEqual({
      created: 5,
      completed: 3, // 1, 2, 6
      ratings: 3, // 5, 2, 4
      averageRating: 3.7, // 11 / 3
      satisfactionRate: 0.667, // 5 and 4 are above the rework threshold of 2
      callbackRate: 0.667, // 1 and 2 of the 3 completed
      callbackOnTimeRate: 0.5, // 1 yes, 2 no
      complaints: 2,
      complaintHandlingRate: 0.5,
      reworks: 1,
      dispatchTimelyRate: 0.5, // public: 3 yes, 2 no
      arrivalTimelyRate: 0.667, // 1 and 3 yes, 2 no
      averageMinutesToAccept: 4, // (3 + 2 + 7) / 3
      averageMinutesToArrive: 12.7, // (10 + 20 + 8) / 3
    });
  });

  it('has no rates for a month without tickets', () => {
    const empty = kpisOf([], NOVEMBER, config, calendar);
    expect(empty).toMatchObject({
      created: 0,
      satisfactionRate: null,
      callbackRate: null,
      averageRating: null,
    });
  });
});
