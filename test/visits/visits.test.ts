import { DateTime } from 'luxon';
import { Person, Ticket, Unit, Visit, VisitPlan, Zone } from '../../src/data/models/index.js';
import { claim } from '../../src/data/claims.js';
import { createCalendar } from '../../src/app.js';
import { Outbox, OutboxNotifier } from '../../src/notify/outbox.js';
import type { JobContext } from '../../src/scheduler/context.js';
import { visitPlans, visitReminders } from '../../src/scheduler/jobs/visit-jobs.js';
import {
  lastMonths,
  meetingPeriod,
  pickKeyCustomers,
  pickSupervisorVisits,
} from '../../src/visits/cadence.js';
import { VisitService } from '../../src/visits/visit-service.js';
import { useTestDatabase } from '../support/db.js';
import { demoDomain, silentLog, testConfig, type TestDomain } from '../support/fixtures.js';

useTestDatabase();

const tz = 'Asia/Shanghai';
const config = testConfig();
let clock = DateTime.fromISO('2026-12-01T09:00', { zone: tz }).toJSDate();
const now = () => clock;
let d: TestDomain;
let visits: VisitService;
const unitIn = async (building: string, room: string) =>
  String((await Unit.findOne({ building, room }).lean())!._id);

beforeAll(async () => {
  d = await demoDomain({ config, clock: now });
  visits = new VisitService({ config, tickets: d.tickets, clock: now });
});

describe('visit cadences (pure)', () => {
  it('counts months back, and meeting periods every three months', () => {
    expect(lastMonths('2027-02', 5)).toEqual(['2026-10', '2026-11', '2026-12', '2027-01', '2027-02']);
    expect(meetingPeriod('2026-12', 3)).toBe('2026-P4');
    expect(meetingPeriod('2026-01', 3)).toBe('2026-P1');
  });

  it('picks at least 20% of key customers, enough to see all in 5 months, least recently visited first', () => {
    const units = Array.from({ length: 12 }, (_, i) => ({
      unitId: `u${String(i).padStart(2, '0')}`,
      lastVisit: i < 3 ? null : `2026-${String(i).padStart(2, '0')}`,
    }));
    const picked = pickKeyCustomers(units, 0.2, 5);
    expect(picked).toEqual(['u00', 'u01', 'u02']); // ceil(12 × 20%) = 3 = ceil(12 / 5)
    expect(pickKeyCustomers(units, 0.2, 2)).toHaveLength(6);
    expect(pickKeyCustomers([], 0.2, 5)).toEqual([]);
  });

  it('spreads the supervisor’s yearly visits over the months left', () => {
    const ids = Array.from({ length: 24 }, (_, i) => `u${String(i).padStart(2, '0')}`);
    expect(pickSupervisorVisits(ids, '2026-01')).toHaveLength(2);
    expect(pickSupervisorVisits(ids, '2026-12')).toHaveLength(24);
  });
});

describe('visits', () => {
  it('records a visit with its issues as tickets on the unit', async () => {
    const manager = await d.as('片区管理员A王芳');
    const unitId = await unitIn('1', '101');
    const v = await visits.record(manager, {
      unitId,
      method: 'door',
      notes: '业主对保洁满意',
      issues: [
        { text: '希望楼下增加快递柜', kind: 'suggestion' },
        { text: '已当场解释物业费', ticket: false },
      ],
    });
    expect(v).toMatchObject({ role: 'assistant', unit: '1栋1单元101' });
    const ticket = await Ticket.findOne({ number: v.issues[0]!.ticketNumber }).lean();
    expect(ticket).toMatchObject({ kind: 'suggestion', scope: 'in_unit' });
    expect(String(ticket!.unitId)).toBe(unitId);
    expect(v.issues[1]!.ticketNumber).toBeUndefined();
  });

  it('records one visit and one ticket per issue when the same source key comes twice', async () => {
    const sup = await d.as('客服主管周敏');
    const input = {
      unitId: await unitIn('5', '1201'),
      method: 'chat',
      issues: [{ text: '楼道灯不亮' }],
      sourceKey: 'wechat:dm:test:msg:1',
    };
    const [a, b] = await Promise.all([visits.record(sup, input), visits.record(sup, input)]);
    const again = await visits.record(sup, input);
    expect(new Set([a.id, b.id, again.id]).size).toBe(1);
    expect(await Visit.countDocuments({ sourceKey: input.sourceKey })).toBe(1);
    expect(await Ticket.countDocuments({ number: a.issues[0]!.ticketNumber })).toBe(1);
    expect(again.issues[0]!.ticketNumber).toBe(a.issues[0]!.ticketNumber);
  });

  it('keeps zone managers to their zones and refuses bad input and people who do not visit', async () => {
    const manager = await d.as('片区管理员A王芳');
    await expect(
      visits.record(manager, { unitId: await unitIn('3', '101'), method: 'door' }),
    ).rejects.toMatchObject({
      code: 'wrong_zone',
    });
    await expect(
      visits.record(manager, { unitId: await unitIn('1', '101'), method: 'fax' }),
    ).rejects.toMatchObject({
      code: 'validation_failed',
    });
    await expect(
      visits.record(await d.as('张伟'), { unitId: await unitIn('1', '101'), method: 'door' }),
    ).rejects.toMatchObject({
      status: 403,
    });
    await expect(
      visits.recordMeeting(manager, {
        zoneId: String((await Zone.findOne({ code: 'A' }).lean())!._id),
        building: '9',
      }),
    ).rejects.toMatchObject({ code: 'building_not_found' });
  });

  it('plans the month once per zone and shows coverage against every cadence', async () => {
    const sup = await d.as('客服主管周敏');
    const manager = await d.as('片区管理员A王芳');
    for (const [b, r] of [
      ['1', '302'],
      ['1', '501'],
      ['2', '101'],
    ] as const)
      await visits.setKeyCustomer(manager, await unitIn(b, r), { key: true });
    await visits.setKeyCustomer(manager, await unitIn('2', '101'), { key: false });
    const plans = await visits.plans(sup, { month: '2026-12' });
    const a = plans.zones.find((z) => z.zone === 'A区')!;
    // zone A: buildings 1 and 2, 5 rooms each, one vacant
    expect(a).toMatchObject({ households: 9, meetingBuildings: ['1', '2'] });
    expect(a.keyCustomers).toHaveLength(1); // ceil(2 × 20%) = 1 = ceil(2 / 5)
    expect(a.supervisorVisits).toHaveLength(9); // December: all not yet visited this year
    expect(await VisitPlan.countDocuments({ month: '2026-12' })).toBe(3);
    await visits.plans(sup, { month: '2026-12' });
    expect(await VisitPlan.countDocuments({ month: '2026-12' })).toBe(3);

    await visits.record(manager, { unitId: await unitIn('1', '302'), method: 'phone' });
    await visits.record(sup, { unitId: await unitIn('1', '501'), method: 'chat' });
    await visits.recordMeeting(manager, { zoneId: a.zoneId, building: '1', attendees: 12 });
    const cov = (await visits.coverage(manager, { month: '2026-12' })).zones;
    expect(cov.map((z) => z.zone)).toEqual(['A区']);
    expect(cov[0]).toMatchObject({
      households: 9,
      visitedThisMonth: 2,
      keyCustomers: 2,
      keyVisitedThisMonth: 2,
      keyMonthlyShare: 1,
      keyCoveredInCycle: 2,
      supervisorVisitedThisYear: 1,
      meetingPeriod: '2026-P4',
      buildings: 2,
      buildingsMet: 1,
      onTrack: false,
    });
    expect(cov[0]!.monthlyRate).toBeCloseTo(2 / 9, 3);
    // what is left: the assistant's households this month; the supervisor's plan this year
    const left = await visits.remaining(manager, { month: '2026-12' });
    expect(left).toMatchObject({ role: 'assistant', zones: [{ zone: 'A区', due: 9, visited: 2 }] });
    // 1-101 and 1-302 seen by the assistant; 1-501 only by the supervisor, so still due
    expect(left.zones[0]!.remaining.map((u) => u.unit)).toEqual(expect.arrayContaining(['1栋1单元501']));
    expect(left.zones[0]!.remaining.map((u) => u.unit)).not.toContain('1栋1单元302');
    const supLeft = await visits.remaining(sup, { month: '2026-12' });
    expect(supLeft.zones.map((z) => [z.zone, z.due, z.visited])).toEqual([
      ['A区', 9, 1],
      ['B区', 10, 0],
      ['C区', 9, 0], // 5-1201 was seen by the supervisor before the plan was made
    ]);
    await expect(visits.remaining(await d.as('维修工老张'), {})).rejects.toMatchObject({ status: 403 });
    await expect(visits.coverage(manager, { month: '2026-13' })).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });
});

describe('visit jobs (injected clock)', () => {
  let ctx: JobContext;
  const to = async (name: string, reason: string) => {
    const p = await Person.findOne({ name }).lean();
    return Outbox.find({ personId: p!._id, reason }).lean();
  };
  beforeAll(() => {
    ctx = {
      config,
      calendar: createCalendar(config),
      log: silentLog,
      tickets: d.tickets,
      notifier: new OutboxNotifier({ quietStart: 0, quietEnd: 1, timezone: tz }, silentLog),
      now,
    };
  });

  it('makes the plans on the plan day and tells each zone manager once', async () => {
    const once = (k: string) => claim(k, 'test');
    clock = DateTime.fromISO('2026-12-02T09:00', { zone: tz }).toJSDate();
    expect(await visitPlans.run(ctx, once)).toBe(0);
    clock = DateTime.fromISO('2026-12-01T09:00', { zone: tz }).toJSDate();
    expect(await visitPlans.run(ctx, once)).toBe(3);
    expect(await visitPlans.run(ctx, once)).toBe(0);
    const rows = await to('片区管理员B李娜', 'visit_plan');
    expect(rows[0]!.text).toMatch(/B区 2026-12 拜访计划：全部 10 户/);
  });

  it('reminds the zones behind 7, 3 and 1 days before the 28th, and not on other days', async () => {
    const once = (k: string) => claim(k, 'test');
    clock = DateTime.fromISO('2026-12-20T09:00', { zone: tz }).toJSDate();
    expect(await visitReminders.run(ctx, once)).toBe(0);
    clock = DateTime.fromISO('2026-12-21T09:00', { zone: tz }).toJSDate();
    expect(await visitReminders.run(ctx, once)).toBe(3);
    clock = DateTime.fromISO('2026-12-25T09:00', { zone: tz }).toJSDate();
    expect(await visitReminders.run(ctx, once)).toBe(3);
    expect(await visitReminders.run(ctx, once)).toBe(0);
    const rows = await to('片区管理员A王芳', 'visit_reminder');
    expect(rows.map((r) => r.text)).toEqual([
      expect.stringContaining('距 28 日还有 7 天，A区 本月已拜访 2/9 户，重点客户 2/1 户'),
      expect.stringContaining('还有 3 天'),
    ]);
    // the households the assistant has still to visit, key customers first
    expect(rows[0]!.text).toContain('未拜访的住户（7 户，★ 为重点客户）：1栋1单元501★、1栋2单元1201、');
    expect(rows[0]!.text).not.toContain('1栋1单元302');
  });
});
