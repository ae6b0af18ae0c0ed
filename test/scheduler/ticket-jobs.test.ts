import { Person } from '../../src/data/models/index.js';
import { Outbox } from '../../src/notify/outbox.js';
import type { Scheduler } from '../../src/scheduler/scheduler.js';
import { SYSTEM_ACTOR } from '../../src/domain/actor.js';
import { useTestDatabase } from '../support/db.js';
import { demoDomain, repairUpTo, type TestDomain } from '../support/fixtures.js';
import { fastConfig, makeScheduler, sentFor, sleep, waitFor } from '../support/scheduler.js';

useTestDatabase();

const config = fastConfig();
let d: TestDomain;
let scheduler: Scheduler;
let names: Map<string, string>;

beforeAll(async () => {
  d = await demoDomain({ config });
  scheduler = makeScheduler(d, config);
  await scheduler.start();
  names = new Map((await Person.find({}, { name: 1 }).lean()).map((p) => [String(p._id), p.name]));
});
afterAll(() => scheduler.drain());

const publicRepair = async (owner: string, location: string) =>
  d.tickets.create(await d.as(owner), {
    kind: 'repair',
    scope: 'public',
    location,
    description: `${location}坏了`,
  });

describe('scheduler: ticket deadlines', () => {
  it('tells the front desk and the zone manager when a public report is not dispatched in time, and not before', async () => {
    const t = await publicRepair('徐勇', '3栋电梯');
    await sleep(1200);
    expect(await sentFor(t.number, names)).toEqual([]);
    const sent = await waitFor(
      () => sentFor(t.number, names),
      (s) => s.length >= 2,
    );
    expect(sent).toEqual(
      expect.arrayContaining([
        ['dispatch_overdue', '前台小林'],
        ['dispatch_overdue', '片区管理员B李娜'],
      ]),
    );
    expect(sent).toHaveLength(2);
    const row = await Outbox.findOne({ ticketNumber: t.number }).lean();
    expect(row!.text).toContain(t.number);
    expect(row!.text).toContain('3栋电梯');
    // the reminder is recorded on the timeline right after it is queued
    const timeline = await waitFor(
      async () => d.tickets.timeline(await d.tickets.get(SYSTEM_ACTOR, t.number)),
      (entries) => entries.at(-1)?.event === 'remind',
    );
    expect(timeline.at(-1)).toMatchObject({
      event: 'remind',
      actorKind: 'system',
      data: { reminder: 'dispatch_overdue' },
    });
  });

  it('cancels the dispatch job when the ticket is dispatched in time', async () => {
    const t = await publicRepair('孙艳', '3栋大堂');
    const control = await publicRepair('孙艳', '3栋后门'); // left undispatched: it must be reminded
    await d.tickets.dispatch(await d.as('前台小林'), t.number, { department: 'engineering' });
    await d.tickets.idle(); // the ticket's jobs are re-planned after the change
    const { jobs } = await scheduler.agenda.queryJobs({
      name: 'ticket.dispatch-overdue',
      data: { ticketId: String(t._id) },
    });
    expect(jobs).toHaveLength(0);
    // the same deadline passed for the control, which was reminded; the dispatched one was not
    const reminded = await waitFor(
      () => sentFor(control.number, names),
      (s) => s.some(([r]) => r === 'dispatch_overdue'),
    );
    expect(reminded.some(([r]) => r === 'dispatch_overdue')).toBe(true);
    expect((await sentFor(t.number, names)).filter(([r]) => r === 'dispatch_overdue')).toEqual([]);
  });

  it('climbs the acceptance ladder in order: assignee, department supervisor, zone manager and CS supervisor', async () => {
    const owner = await d.as('张伟');
    const t = await d.tickets.create(owner, {
      kind: 'repair',
      unitId: owner.unitIds[0],
      description: '水管爆了',
    });
    await d.tickets.dispatch(await d.as('前台小林'), t.number, {
      assigneeId: await d.personId('维修工老张'),
    });
    const sent = await waitFor(
      () => sentFor(t.number, names),
      (s) => s.length >= 4,
      12_000,
    );
    expect(sent).toEqual([
      ['accept_overdue_assignee', '维修工老张'],
      ['accept_overdue_escalated', '工程主管陈刚'],
      ['accept_overdue_escalated', '片区管理员A王芳'],
      ['accept_overdue_escalated', '客服主管周敏'],
    ]);
    await sleep(2000);
    expect(await sentFor(t.number, names)).toHaveLength(4); // the ladder ends
  });

  it('stops the ladder as soon as the order is accepted', async () => {
    const owner = await d.as('王芳');
    const t = await d.tickets.create(owner, {
      kind: 'repair',
      unitId: owner.unitIds[0],
      description: '灯不亮',
    });
    await d.tickets.dispatch(await d.as('前台小林'), t.number, {
      assigneeId: await d.personId('维修工老张'),
    });
    await waitFor(
      () => sentFor(t.number, names),
      (s) => s.length >= 1,
    );
    await d.tickets.accept(await d.as('维修工老张'), t.number);
    await sleep(3500);
    const reasons = (await sentFor(t.number, names)).map(([r]) => r);
    expect(reasons.filter((r) => r.startsWith('accept'))).toEqual(['accept_overdue_assignee']);
    // and the arrival clock started: not on site 2 s after accepting
    expect(reasons).toContain('arrival_overdue');
  });

  it('asks the zone manager to call back when the owner does not rate, then the CS supervisor', async () => {
    const { ticket: t } = await repairUpTo(d, '李娜', '维修工孙师傅', '门锁坏了', 'completed');
    const sent = await waitFor(
      () => sentFor(t.number, names),
      (s) => s.filter(([r]) => r.startsWith('callback')).length >= 2,
      12_000,
    );
    expect(sent.filter(([r]) => r.startsWith('callback'))).toEqual([
      ['callback_due', '片区管理员A王芳'],
      ['callback_overdue', '客服主管周敏'],
    ]);
  });

  it('does not ask for a callback once the owner has rated and the callback is recorded', async () => {
    const { ticket: t, owner } = await repairUpTo(d, '赵敏', '维修工孙师傅', '窗户漏风', 'completed');
    const { ticket: control } = await repairUpTo(d, '赵敏', '维修工孙师傅', '纱窗坏了', 'completed');
    await d.tickets.rate(owner, t.number, { score: 5 });
    await d.tickets.recordCallback(await d.as('片区管理员A王芳'), t.number, { satisfied: true });
    // the control, neither rated nor called back, is asked for: the rated one is not
    await waitFor(
      () => sentFor(control.number, names),
      (s) => s.some(([r]) => r === 'callback_due'),
      12_000,
    );
    expect((await sentFor(t.number, names)).filter(([r]) => r.startsWith('callback'))).toEqual([]);
  });

  it('tells the engineering supervisor when a quote is late', async () => {
    const owner = await d.as('刘静');
    const t = await d.tickets.create(owner, {
      kind: 'repair',
      unitId: owner.unitIds[0],
      description: '加装防盗窗',
    });
    await d.tickets.requestQuote(await d.as('前台小林'), t.number, { note: '非标准项目' });
    const sent = await waitFor(
      () => sentFor(t.number, names),
      (s) => s.some(([r]) => r === 'quote_overdue'),
    );
    expect(sent.filter(([r]) => r === 'quote_overdue')).toEqual([['quote_overdue', '工程主管陈刚']]);
  });

  it('tells the department and CS supervisors when a complaint’s plan deadline passes unhandled', async () => {
    const owner = await d.as('黄磊');
    const t = await d.tickets.create(owner, {
      kind: 'complaint',
      unitId: owner.unitIds[0],
      description: '垃圾桶满了没人清',
    });
    await d.tickets.classify(await d.as('客服主管周敏'), t.number, { department: 'cleaning' });
    await sleep(1000);
    expect((await sentFor(t.number, names)).filter(([r]) => r === 'plan_overdue')).toEqual([]);
    const sent = await waitFor(
      () => sentFor(t.number, names),
      (s) => s.filter(([r]) => r === 'plan_overdue').length >= 2,
    );
    expect(
      sent
        .filter(([r]) => r === 'plan_overdue')
        .map(([, n]) => n)
        .sort(),
    ).toEqual(['客服主管周敏', '环境主管黄丽'].sort());
  });

  it('reports jobs due and overdue in its health', async () => {
    const h = await scheduler.health();
    expect(h).toMatchObject({
      status: 'running',
      jobsDue: expect.any(Number),
      jobsOverdue: expect.any(Number),
    });
  });
});
