import { DateTime } from 'luxon';
import { Patrol, Person, Ticket, Unit, Zone } from '../../src/data/models/index.js';
import { claim } from '../../src/data/claims.js';
import { createCalendar } from '../../src/app.js';
import { OutboxNotifier, Outbox } from '../../src/notify/outbox.js';
import { patrolScore } from '../../src/patrols/checklist.js';
import { PatrolService } from '../../src/patrols/patrol-service.js';
import { VacantUnits } from '../../src/patrols/vacant-service.js';
import { inspectionOf, ZoneRanking } from '../../src/reports/zone-ranking.js';
import type { JobContext } from '../../src/scheduler/context.js';
import { patrolEscalation, patrolReminders } from '../../src/scheduler/jobs/patrol-reminders.js';
import { useTestDatabase } from '../support/db.js';
import { demoDomain, silentLog, testConfig, type TestDomain } from '../support/fixtures.js';

useTestDatabase();

const tz = 'Asia/Shanghai';
// Wednesday 2026-12-02, a working day; the weekly and vacant-unit reminders are set to fall on it
const config = testConfig({ patrols: { weeklyReminderDay: 3, vacantReminderDays: [2] } });
let clock = DateTime.fromISO('2026-12-02T09:00', { zone: tz }).toJSDate();
const now = () => clock;
let d: TestDomain;
let patrols: PatrolService;
let vacant: VacantUnits;
const zoneId = async (code: string) => String((await Zone.findOne({ code }).lean())!._id);
const ok = (area: string) => ({ area, ok: true });

beforeAll(async () => {
  d = await demoDomain({ config, clock: now });
  patrols = new PatrolService({ config, tickets: d.tickets, clock: now });
  vacant = new VacantUnits({ config, tickets: d.tickets, clock: now });
});

describe('patrol score and inspection source (pure)', () => {
  it('is the share of checked areas found in order, none below the minimum number of patrols', () => {
    const p = (...oks: boolean[]) => ({ items: oks.map((o) => ({ ok: o })) });
    expect(patrolScore([p(true, true, false), p(true, true, true)], 1)).toBe(83.33);
    expect(patrolScore([p(true)], 2)).toBeNull();
    expect(patrolScore([], 1)).toBeNull();
  });

  it('lets an entered score take precedence, patrols fill in, and neither leave it missing', () => {
    expect(inspectionOf(90, 70, 'entered')).toEqual({ inspection: 90, inspectionSource: 'entered' });
    expect(inspectionOf(null, 70, 'entered')).toEqual({ inspection: 70, inspectionSource: 'patrols' });
    expect(inspectionOf(90, 70, 'patrols')).toEqual({ inspection: 70, inspectionSource: 'patrols' });
    expect(inspectionOf(null, null, 'entered')).toEqual({ inspection: null, inspectionSource: null });
  });
});

describe('recording patrols', () => {
  it('records the zone manager’s daily patrol and turns a problem into a ticket in the same step', async () => {
    const manager = await d.as('片区管理员A王芳');
    const p = await patrols.record(manager, {
      zoneId: await zoneId('A'),
      items: [
        ok('safety'),
        { area: 'environment', ok: false, note: '2栋门口垃圾桶满溢', location: '2栋门口', ticket: true },
        ok('facilities'),
      ],
    });
    expect(p).toMatchObject({
      kind: 'daily',
      day: '2026-12-02',
      week: '2026-W49',
      byName: '片区管理员A王芳',
    });
    const number = p.items[1]!.ticketNumber!;
    const ticket = await Ticket.findOne({ number }).lean();
    expect(ticket).toMatchObject({ scope: 'public', department: 'cleaning', location: '2栋门口' });
    expect(String(ticket!.zoneId)).toBe(await zoneId('A'));
    expect(ticket!.description).toContain('2栋门口垃圾桶满溢');
  });

  it('records a patrol once per source key (a repeated chat finish or API retry)', async () => {
    const manager = await d.as('片区管理员A王芳');
    const input = { zoneId: await zoneId('A'), kind: 'team', items: [ok('safety')], sourceKey: 'retry-1' };
    const a = await patrols.record(manager, input);
    const b = await patrols.record(manager, input);
    expect(b.id).toBe(a.id);
    expect(await Patrol.countDocuments({ sourceKey: 'retry-1' })).toBe(1);
  });

  it('refuses another zone, the wrong kind for the role, people who do not patrol and bad input', async () => {
    const manager = await d.as('片区管理员A王芳');
    await expect(
      patrols.record(manager, { zoneId: await zoneId('B'), items: [ok('safety')] }),
    ).rejects.toMatchObject({ code: 'wrong_zone', status: 403 });
    await expect(
      patrols.record(manager, { zoneId: await zoneId('A'), kind: 'supervisor', items: [ok('safety')] }),
    ).rejects.toMatchObject({ code: 'patrol_kind_not_yours' });
    await expect(
      patrols.record(await d.as('张伟'), { zoneId: await zoneId('A'), items: [ok('safety')] }),
    ).rejects.toMatchObject({ status: 403 });
    const bad = [
      { zoneId: await zoneId('A'), items: [] },
      { zoneId: await zoneId('A'), items: [{ area: 'safety', ok: false }] },
      { zoneId: await zoneId('A'), items: [ok('safety'), ok('safety')] },
      { zoneId: await zoneId('A'), items: [{ area: 'safety', ok: true, ticket: true }] },
      { zoneId: 'nope', items: [ok('roof')] },
    ];
    for (const input of bad)
      await expect(patrols.record(manager, input)).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('lets the supervisor check any zone of the community and shows each zone’s status', async () => {
    const supervisor = await d.as('客服主管周敏');
    await patrols.record(supervisor, {
      zoneId: await zoneId('B'),
      kind: 'supervisor',
      items: [ok('safety'), ok('environment'), { area: 'facilities', ok: false, note: '路灯已修好 已处理' }],
    });
    const status = await patrols.status(supervisor, {});
    const row = (zone: string) => status.zones.find((z) => z.zone === zone)!;
    expect(row('A区')).toMatchObject({
      dailyDoneToday: true,
      teamThisWeek: 1,
      supervisorThisWeek: 0,
      score: 75,
    });
    expect(row('B区')).toMatchObject({ dailyDoneToday: false, supervisorThisWeek: 1, problemsThisMonth: 1 });
    // a zone manager sees only their zone
    const mine = await patrols.status(await d.as('片区管理员A王芳'), {});
    expect(mine.zones.map((z) => z.zone)).toEqual(['A区']);
  });

  it('feeds the month’s patrols into the ranking’s inspection part unless a score was entered', async () => {
    const ranking = new ZoneRanking(config);
    const supervisor = await d.as('客服主管周敏');
    let r = await ranking.ranking(supervisor, { month: '2026-12' });
    const a = () => r.zones.find((z) => z.zone === 'A区')!;
    expect(a()).toMatchObject({ inspection: 75, inspectionSource: 'patrols', patrolScore: 75 });
    expect(r.zones.find((z) => z.zone === 'C区')).toMatchObject({
      inspection: null,
      inspectionMissing: true,
    });
    await ranking.recordInspection(supervisor, { zoneId: await zoneId('A'), month: '2026-12', score: 95 });
    r = await ranking.ranking(supervisor, { month: '2026-12' });
    expect(a()).toMatchObject({ inspection: 95, inspectionSource: 'entered', patrolScore: 75 });
  });
});

describe('vacant units', () => {
  it('lists the vacant units with the month’s inspections, due until inspected twice', async () => {
    const manager = await d.as('片区管理员A王芳');
    const list = await vacant.list(manager, {});
    expect(list.month).toBe('2026-12');
    expect(list.units.map((u) => u.unit)).toEqual(['2栋2单元1802']);
    const unitId = list.units[0]!.unitId;
    await vacant.inspect(manager, unitId, { ok: true });
    expect((await vacant.list(manager, {})).units[0]).toMatchObject({
      inspections: 1,
      required: 2,
      due: true,
    });
    const found = await vacant.inspect(manager, unitId, { ok: false, note: '卫生间渗水', ticket: true });
    expect(found.ticketNumber).toMatch(/^BX/);
    expect((await vacant.list(manager, { due: 'true' })).units).toHaveLength(0);
    // another zone's manager does not see it
    expect((await vacant.list(await d.as('片区管理员B李娜'), {})).units).toHaveLength(0);
  });

  it('keeps the list current and refuses to inspect a unit that is not vacant', async () => {
    const manager = await d.as('片区管理员A王芳');
    const unit = (await Unit.findOne({ building: '1', room: '101' }).lean())!;
    await expect(vacant.inspect(manager, String(unit._id), { ok: true })).rejects.toMatchObject({
      code: 'unit_not_vacant',
      status: 409,
    });
    await vacant.setVacancy(manager, String(unit._id), { vacant: true });
    expect((await vacant.list(manager, {})).units.map((u) => u.unit)).toContain('1栋1单元101');
    await vacant.setVacancy(manager, String(unit._id), { vacant: false });
    expect((await Unit.findById(unit._id).lean())!.state).toBe('occupied');
    await expect(vacant.inspect(manager, 'x', { ok: true })).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });
});

describe('patrol reminders (injected clock)', () => {
  let ctx: JobContext;
  const sentTo = async (name: string, reason: string) => {
    const p = await Person.findOne({ name }).lean();
    return Outbox.find({ personId: p!._id, reason }).lean();
  };
  beforeAll(async () => {
    clock = DateTime.fromISO('2026-12-02T16:30', { zone: tz }).toJSDate();
    // a vacant unit in zone C, never inspected
    const c = (await Unit.findOne({ building: '5', room: '101' }).lean())!;
    await Unit.updateOne({ _id: c._id }, { $set: { state: 'vacant' } });
    ctx = {
      config,
      calendar: createCalendar(config),
      log: silentLog,
      tickets: d.tickets,
      notifier: new OutboxNotifier({ quietStart: 0, quietEnd: 1, timezone: tz }, silentLog),
      now,
    };
  });

  it('reminds the managers of zones without today’s patrol, the week’s team patrols and vacant units due, once', async () => {
    const once = (k: string) => claim(k, 'test');
    const first = await patrolReminders.run(ctx, once);
    expect(await patrolReminders.run(ctx, once)).toBe(0);
    expect(await sentTo('片区管理员A王芳', 'patrol_daily_missing')).toHaveLength(0);
    const b = await sentTo('片区管理员B李娜', 'patrol_daily_missing');
    expect(b).toHaveLength(1);
    expect(b[0]!.text).toContain('B区 今天（2026-12-02）的每日巡视还没有记录');
    expect(await sentTo('片区管理员A王芳', 'patrol_team_missing')).toHaveLength(0);
    expect(await sentTo('片区管理员C赵磊', 'patrol_team_missing')).toHaveLength(1);
    const sup = await sentTo('客服主管周敏', 'patrol_supervisor_missing');
    expect(sup[0]!.text).toContain('A区、C区');
    const vacantC = await sentTo('片区管理员C赵磊', 'vacant_due');
    expect(vacantC[0]!.text).toContain('5栋1单元101');
    expect(await sentTo('片区管理员A王芳', 'vacant_due')).toHaveLength(0);
    expect(first).toBe(2 + 2 + 1 + 1); // daily B, C; team B, C; supervisor; vacant C
  });

  it('tells the supervisor at the escalation time which zones still have no daily patrol, not on a day off', async () => {
    const once = (k: string) => claim(k, 'test');
    expect(await patrolEscalation.run(ctx, once)).toBe(1);
    const rows = await sentTo('客服主管周敏', 'patrol_daily_missing');
    expect(rows[0]!.text).toContain('B区、C区');
    clock = DateTime.fromISO('2026-12-05T17:30', { zone: tz }).toJSDate(); // Saturday
    expect(await patrolEscalation.run(ctx, once)).toBe(0);
  });
});
