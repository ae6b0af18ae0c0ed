import { OpenTicket, PendingReaction, Ticket, TicketEvent } from '../../src/data/models/index.js';
import { SYSTEM_ACTOR } from '../../src/domain/actor.js';
import { useTestDatabase } from '../support/db.js';
import { demoDomain, repairUpTo, type TestDomain } from '../support/fixtures.js';

useTestDatabase();

let now = new Date('2026-11-23T10:00:00+08:00'); // a Monday
const clock = () => now;
const advance = (ms: number) => (now = new Date(now.getTime() + ms));
const MIN = 60_000;
let d: TestDomain;

beforeAll(async () => {
  d = await demoDomain({ clock });
});

const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (err: { code?: string }) => err.code ?? String(err),
  );

describe('TicketService: a repair from report to close', () => {
  it('walks received → dispatched → accepted → on site → completed → rated → called back → closed', async () => {
    const owner = await d.as('张伟');
    const frontDesk = await d.as('前台小林');
    const plumber = await d.as('维修工老张');
    const zoneManager = await d.as('片区管理员A王芳');

    const created = await d.tickets.create(owner, {
      kind: 'repair',
      unitId: owner.unitIds[0],
      description: '厨房水管漏水',
      category: 'plumbing',
      phone: '13800138000',
    });
    expect(created).toMatchObject({
      state: 'received',
      scope: 'in_unit',
      department: 'engineering',
      reporterName: '张伟',
      version: 0,
    });
    expect(created.number).toMatch(/^BX20261123-\d{4}$/);
    expect(created.sla.followUpBy).toEqual(new Date(now.getTime() + 7 * 24 * 60 * MIN));

    let t = await d.tickets.dispatch(frontDesk, created.number, {
      assigneeId: await d.personId('维修工老张'),
    });
    expect(t).toMatchObject({ state: 'dispatched', assigneeName: '维修工老张' });
    expect(t.sla.acceptBy).toEqual(new Date(now.getTime() + 5 * MIN));

    advance(2 * MIN);
    t = await d.tickets.accept(plumber, t.number);
    expect(t.state).toBe('accepted');
    expect(t.sla.acceptBy).toBeNull();
    expect(t.sla.arriveBy).toEqual(new Date(now.getTime() + 15 * MIN));

    advance(10 * MIN);
    t = await d.tickets.arrive(plumber, t.number);
    expect(t.sla.arriveBy).toBeNull();
    t = await d.tickets.complete(plumber, t.number, {
      actualItem: '更换角阀',
      fees: [{ item: '角阀', amount: 35 }],
      materials: [{ name: '角阀', quantity: 1 }],
    });
    expect(t).toMatchObject({ state: 'completed', actualItem: '更换角阀' });
    expect(t.fees).toEqual([{ item: '角阀', amount: 35 }]);
    // completed Monday 10:12 → callback due 1 working day later
    expect(t.sla.callbackBy).toEqual(new Date('2026-11-24T10:12:00+08:00'));

    t = await d.tickets.rate(owner, t.number, { score: 5, comment: '师傅很专业' });
    expect(t.state).toBe('rated');
    t = await d.tickets.recordCallback(zoneManager, t.number, { satisfied: true, method: 'phone' });
    expect(t).toMatchObject({
      state: 'called_back',
      callback: { satisfied: true, method: 'phone', byName: '片区管理员A王芳' },
    });
    t = await d.tickets.close(SYSTEM_ACTOR, t.number);
    expect(t.state).toBe('closed');
    expect(t.version).toBe(7);
    const timeline = await d.tickets.timeline(t);
    expect(timeline.map((e) => `${e.event}:${e.to}`)).toEqual([
      'create:received',
      'dispatch:dispatched',
      'accept:accepted',
      'arrive:on_site',
      'complete:completed',
      'rate:rated',
      'callback:called_back',
      'close:closed',
    ]);
    expect(timeline[2]).toMatchObject({
      from: 'dispatched',
      to: 'accepted',
      actorName: '维修工老张',
      actorKind: 'person',
    });
  });

  it('reads the timeline by its events’ ids (one per version), and a ticket from before them by ticket', async () => {
    const owner = await d.as('张伟');
    let t = await d.tickets.create(owner, {
      kind: 'repair',
      unitId: owner.unitIds[0],
      description: '阳台门关不上',
      category: 'door_window',
    });
    t = await d.tickets.dispatch(SYSTEM_ACTOR, t.number, { assigneeId: await d.personId('维修工老张') });
    const events = await TicketEvent.find({ ticketId: t._id }).sort({ seq: 1 }).lean();
    expect(t.eventIds?.map(String)).toEqual(events.map((e) => String(e._id)));
    expect((await d.tickets.timeline(t)).map((e) => e.event)).toEqual(['create', 'dispatch']);
    // stored by an earlier version: no ids, the same timeline
    await Ticket.updateOne({ _id: t._id }, { $unset: { eventIds: 1 } });
    await OpenTicket.updateOne({ _id: t._id }, { $unset: { eventIds: 1 } }); // its open copy
    const old = (await Ticket.findById(t._id).lean())!;
    expect((await d.tickets.timeline(old)).map((e) => e.event)).toEqual(['create', 'dispatch']);
    // and its next events add none
    const next = await d.tickets.accept(await d.as('维修工老张'), t.number);
    expect(next.eventIds).toBeUndefined();
    expect((await d.tickets.timeline(next)).map((e) => e.event)).toEqual(['create', 'dispatch', 'accept']);
  });

  it('numbers tickets per kind and day', async () => {
    const owner = await d.as('王芳');
    const a = await d.tickets.create(owner, {
      kind: 'praise',
      unitId: owner.unitIds[0],
      description: '保安很负责',
    });
    const b = await d.tickets.create(owner, {
      kind: 'praise',
      unitId: owner.unitIds[0],
      description: '保洁阿姨辛苦了',
    });
    expect(a.number).toBe('BY20261123-0001');
    expect(b.number).toBe('BY20261123-0002');
  });

  it('sets the 5-minute dispatch deadline on public-facility reports only', async () => {
    const owner = await d.as('李娜');
    const pub = await d.tickets.create(owner, {
      kind: 'repair',
      scope: 'public',
      location: '3栋电梯',
      description: '电梯坏了',
    });
    const zoneB = (await d.directory.zonesOf(d.communityId)).find((z) => z.code === 'B')!;
    expect(String(pub.zoneId)).toBe(String(zoneB._id));
    expect(pub.sla.dispatchBy).toEqual(new Date(now.getTime() + 5 * MIN));
    const dispatched = await d.tickets.dispatch(await d.as('前台小林'), pub.number, {
      department: 'engineering',
    });
    expect(dispatched.sla.dispatchBy).toBeNull();
    expect(dispatched.assigneeId).toBeNull();
    // public order accepted from the pool: arrival within 10 minutes, and the grabber becomes assignee
    const grabbed = await d.tickets.accept(await d.as('维修工孙师傅'), pub.number);
    expect(grabbed.assigneeName).toBe('维修工孙师傅');
    expect(grabbed.sla.arriveBy).toEqual(new Date(now.getTime() + 10 * MIN));
  });

  it('asks for arrival 5 minutes before an appointment', async () => {
    const owner = await d.as('赵敏');
    const appointment = new Date('2026-11-24T15:00:00+08:00');
    const t = await d.tickets.create(owner, {
      kind: 'repair',
      unitId: owner.unitIds[0],
      description: '卫生间灯不亮',
      appointment: { from: appointment },
    });
    await d.tickets.dispatch(await d.as('工程主管陈刚'), t.number, {
      assigneeId: await d.personId('维修工老张'),
    });
    const accepted = await d.tickets.accept(await d.as('维修工老张'), t.number);
    expect(accepted.sla.arriveBy).toEqual(new Date(appointment.getTime() - 5 * MIN));
  });

  it('asks for arrival as soon as possible (15 minutes) when the appointed window has already begun', async () => {
    const owner = await d.as('赵敏');
    const t = await d.tickets.create(owner, {
      kind: 'repair',
      unitId: owner.unitIds[0],
      description: '洗手盆下水慢',
      appointment: { from: new Date(now.getTime() - 10 * MIN), to: new Date(now.getTime() + 4 * 60 * MIN) },
    });
    await d.tickets.dispatch(await d.as('工程主管陈刚'), t.number, {
      assigneeId: await d.personId('维修工老张'),
    });
    const accepted = await d.tickets.accept(await d.as('维修工老张'), t.number);
    expect(accepted.sla.arriveBy).toEqual(new Date(now.getTime() + 15 * MIN));
  });

  it('refuses an order to someone of another trade or zone, with a clear reason', async () => {
    const owner = await d.as('赵敏');
    const t = await d.tickets.create(owner, {
      kind: 'repair',
      unitId: owner.unitIds[0],
      description: '厨房水管漏水',
    });
    const desk = await d.as('工程主管陈刚');
    await expect(
      d.tickets.dispatch(desk, t.number, { assigneeId: await d.personId('保洁员郭阿姨') }),
    ).rejects.toMatchObject({ code: 'assignee_other_department' });
    // 赵敏 lives in zone A; 协管员朱军 covers zone C only
    const help = await d.tickets.create(owner, {
      kind: 'help',
      department: 'security',
      unitId: owner.unitIds[0],
      description: '钥匙锁在家里了',
    });
    await expect(
      d.tickets.dispatch(await d.as('安防队长杨勇'), help.number, {
        assigneeId: await d.personId('协管员朱军'),
      }),
    ).rejects.toMatchObject({ code: 'assignee_other_zone' });
  });
});

describe('TicketService: non-standard repair quote', () => {
  it('waits for the owner’s agreement, then resumes on site; a decline cancels', async () => {
    const owner = await d.as('刘静');
    const supervisor = await d.as('工程主管陈刚');
    const worker = await d.as('维修工孙师傅');
    const frontDesk = await d.as('前台小林');
    const make = async () => {
      const t = await d.tickets.create(owner, {
        kind: 'repair',
        unitId: owner.unitIds[0],
        description: '想加装一个防盗门',
      });
      await d.tickets.dispatch(frontDesk, t.number, { assigneeId: worker.personId });
      await d.tickets.accept(worker, t.number);
      await d.tickets.arrive(worker, t.number);
      return d.tickets.requestQuote(worker, t.number, { note: '不在收费标准内' });
    };
    let t = await make();
    expect(t.state).toBe('awaiting_quote');
    expect(t.sla.quoteBy).toEqual(new Date(now.getTime() + 15 * 60_000));
    expect(await codeOf(d.tickets.quote(frontDesk, t.number, { amount: 1800 }))).toBe('transition_forbidden');
    t = await d.tickets.quote(supervisor, t.number, { amount: 1800, note: '含安装' });
    expect(t).toMatchObject({ state: 'quoted', quote: { amount: 1800 } });
    expect(t.sla.quoteBy).toBeNull();
    t = await d.tickets.answerQuote(owner, t.number, { agree: true });
    expect(t).toMatchObject({ state: 'on_site', quote: { decision: 'agreed' } });

    let declined = await make();
    declined = await d.tickets.quote(supervisor, declined.number, { amount: 2000 });
    declined = await d.tickets.answerQuote(owner, declined.number, { agree: false, note: '太贵了' });
    expect(declined.state).toBe('cancelled');
  });
});

describe('TicketService: rework and complaints', () => {
  it('sends a poorly rated repair back to the same worker and counts the rework', async () => {
    const { ticket: t0, owner } = await repairUpTo(d, '陈丽', '维修工老张', '水龙头滴水', 'completed');
    const t = await d.tickets.rate(owner, t0.number, { score: 2, comment: '还在滴' });
    expect(t).toMatchObject({
      state: 'dispatched',
      reworkCount: 1,
      assigneeName: '维修工老张',
      rating: { score: 2 },
    });
    expect(t.sla.acceptBy).not.toBeNull();
    expect(t.sla.callbackBy).toBeNull();
  });

  it('runs a complaint through classification, plan, handling, an unsatisfied callback and escalation', async () => {
    const owner = await d.as('杨强');
    const cs = await d.as('客服主管周敏');
    const secSupervisor = await d.as('安防队长杨勇');
    const guard = await d.as('协管员马强');
    const zoneManager = await d.as('片区管理员A王芳');
    const director = await d.as('主任郑国强');
    let t = await d.tickets.create(owner, {
      kind: 'complaint',
      unitId: owner.unitIds[0],
      description: '楼下每晚停车占道，投诉多次无人管',
    });
    expect(t).toMatchObject({ state: 'received', number: expect.stringMatching(/^TS/) });
    t = await d.tickets.classify(cs, t.number, { department: 'security', severity: 'normal' });
    expect(t).toMatchObject({ state: 'classified', department: 'security' });
    const deadline = new Date(now.getTime() + 2 * 86_400_000);
    t = await d.tickets.plan(secSupervisor, t.number, { plan: '夜间加强巡逻并张贴告示', deadline });
    expect(t.sla.planBy).toEqual(deadline);
    t = await d.tickets.startHandling(guard, t.number);
    t = await d.tickets.finishHandling(guard, t.number, { note: '已处理' });
    expect(t.state).toBe('handled');
    t = await d.tickets.recordCallback(zoneManager, t.number, { satisfied: false, note: '仍有车辆占道' });
    expect(t).toMatchObject({ state: 'escalated', escalationLevel: 1 });
    t = await d.tickets.plan(director, t.number, { plan: '联系交警，安装地锁' });
    t = await d.tickets.startHandling(director, t.number);
    t = await d.tickets.finishHandling(director, t.number);
    t = await d.tickets.recordCallback(zoneManager, t.number, { satisfied: true });
    expect(t.state).toBe('filed');
    expect(t.closedAt).toBeTruthy();
  });
});

describe('TicketService: concurrency and bad input', () => {
  it('lets exactly one of two concurrent grabs win; the other gets a clear conflict', async () => {
    const owner = await d.as('黄磊');
    const t = await d.tickets.create(owner, {
      kind: 'repair',
      scope: 'public',
      location: '1栋大堂',
      description: '大堂灯坏了',
    });
    await d.tickets.dispatch(SYSTEM_ACTOR, t.number, { department: 'engineering' });
    const [a, b] = [await d.as('维修工孙师傅'), await d.as('维修工老张')];
    const results = await Promise.allSettled([d.tickets.accept(a, t.number), d.tickets.accept(b, t.number)]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(['ticket_changed', 'transition_not_allowed']).toContain(lost[0]!.reason.code);
    const final = await Ticket.findOne({ number: t.number }).lean();
    expect(await TicketEvent.countDocuments({ ticketId: final!._id, event: 'accept' })).toBe(1);
    expect(final!.version).toBe(2);
  });

  it('keeps exactly one of ten concurrent transitions of one ticket', async () => {
    const owner = await d.as('周军');
    const t = await d.tickets.create(owner, {
      kind: 'repair',
      unitId: owner.unitIds[0],
      description: '门锁坏了',
    });
    const staff = ['维修工孙师傅', '维修工老张', '维修工小刘'];
    const frontDesk = await d.as('前台小林');
    const attempts = await Promise.allSettled(
      Array.from({ length: 10 }, async (_, i) =>
        d.tickets.dispatch(frontDesk, t.number, { assigneeId: await d.personId(staff[i % 3]!) }),
      ),
    );
    expect(attempts.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const final = await Ticket.findOne({ number: t.number }).lean();
    expect(final!.version).toBe(1);
    expect(await TicketEvent.countDocuments({ ticketId: final!._id })).toBe(2);
  });

  it('records reminders beside the events: a worker’s action at the same moment neither fails nor moves', async () => {
    const { ticket, worker } = await repairUpTo(d, '郭明', '维修工老张', '马桶堵了', 'dispatched');
    for (let i = 0; i < 3; i++) {
      const [acted, reminded] = await Promise.allSettled([
        i === 2
          ? d.tickets.accept(worker, ticket.number)
          : d.tickets.addNote(worker, ticket.number, { note: `到了吗${i}` }),
        d.tickets.recordReminder(ticket, `accept:${ticket._id}:${i}:accept_overdue_assignee`, {
          reminder: 'accept_overdue_assignee',
        }),
      ]);
      if (acted.status === 'rejected') throw acted.reason;
      if (reminded.status === 'rejected') throw reminded.reason;
    }
    // the same reminder again (a job run twice) is recorded once
    await d.tickets.recordReminder(ticket, `accept:${ticket._id}:0:accept_overdue_assignee`, {
      reminder: 'accept_overdue_assignee',
    });
    const final = await d.tickets.get(SYSTEM_ACTOR, ticket.number);
    expect(final.state).toBe('accepted');
    const events = await TicketEvent.find({ ticketId: final._id }).sort({ seq: 1 }).lean();
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i)); // no gaps, no duplicates
    expect(final.version).toBe(events.length - 1); // reminders moved nothing
    const timeline = await d.tickets.timeline(final);
    expect(timeline.filter((e) => e.event === 'remind')).toHaveLength(3);
    // each after the event the ticket was at when it was sent (the dispatch), before the worker's
    expect(timeline.map((e) => e.event).slice(0, 3)).toEqual(['create', 'dispatch', 'remind']);
    expect(timeline.at(-1)!.event).not.toBe('remind');
    expect((await d.tickets.timeline(final, { reminders: false })).map((e) => e.event)).not.toContain(
      'remind',
    );
  });

  it('refuses bad input without writing anything', async () => {
    const owner = await d.as('徐勇');
    const before = await Ticket.countDocuments();
    expect(
      await codeOf(d.tickets.create(owner, { kind: 'repair', unitId: owner.unitIds[0], description: '' })),
    ).toBe('validation_failed');
    expect(
      await codeOf(
        d.tickets.create(owner, { kind: 'fix' as never, unitId: owner.unitIds[0], description: 'x' }),
      ),
    ).toBe('validation_failed');
    expect(
      await codeOf(
        d.tickets.create(owner, { kind: 'repair', unitId: { $gt: '' } as never, description: 'x' }),
      ),
    ).toBe('validation_failed');
    expect(
      await codeOf(
        d.tickets.create(owner, {
          kind: 'repair',
          unitId: owner.unitIds[0],
          description: 'x',
          phone: '12345',
        }),
      ),
    ).toBe('validation_failed');
    expect(
      await codeOf(d.tickets.create(owner, { kind: 'repair', scope: 'public', description: '路灯坏了' })),
    ).toBe('validation_failed');
    const other = await d.as('张伟');
    expect(
      await codeOf(
        d.tickets.create(owner, { kind: 'repair', unitId: other.unitIds[0], description: '漏水' }),
      ),
    ).toBe('not_your_unit');
    expect(await Ticket.countDocuments()).toBe(before);
  });

  it('refuses a rating outside 1–5 and a dispatch to a non-worker', async () => {
    const owner = await d.as('马杰');
    const t = await d.tickets.create(owner, {
      kind: 'repair',
      unitId: owner.unitIds[0],
      description: '窗户关不上',
    });
    expect(
      await codeOf(d.tickets.dispatch(await d.as('前台小林'), t.number, { assigneeId: owner.personId })),
    ).toBe('validation_failed');
    expect(await codeOf(d.tickets.rate(owner, t.number, { score: 9 }))).toBe('validation_failed');
    expect(await codeOf(d.tickets.get(owner, 'BX20991231-9999'))).toBe('ticket_not_found');
    const unchanged = await Ticket.findOne({ number: t.number }).lean();
    expect(unchanged!.version).toBe(0);
  });
});

describe('TicketService: crash between logging and applying an event', () => {
  it('rolls a stale unapplied event forward; the next change then succeeds', async () => {
    const { Types } = await import('mongoose');
    const owner = await d.as('孙艳');
    const t = await d.tickets.create(owner, {
      kind: 'repair',
      unitId: owner.unitIds[0],
      description: '暖气不热',
    });
    const worker = await d.personId('维修工老张');
    // A writer logged "dispatch" a minute ago (its pending-reaction row first) and died before
    // applying it.
    const eventId = Types.ObjectId.createFromTime(Math.floor(Date.now() / 1000) - 60);
    await PendingReaction.create({ _id: eventId, ticketId: t._id });
    await TicketEvent.create({
      _id: eventId,
      ticketId: t._id,
      seq: 1,
      at: now,
      event: 'dispatch',
      from: 'received',
      to: 'dispatched',
      actorKind: 'system',
      patch: [
        { path: 'state', value: 'dispatched' },
        { path: 'version', value: 1 },
        { path: 'assigneeId', value: new Types.ObjectId(worker) },
        { path: 'assigneeName', value: '维修工老张' },
      ],
    });
    const frontDesk = await d.as('前台小林');
    await expect(d.tickets.dispatch(frontDesk, t.number, { assigneeId: worker })).rejects.toMatchObject({
      code: 'ticket_changed',
    });
    const repaired = await d.tickets.get(frontDesk, t.number);
    expect(repaired).toMatchObject({ state: 'dispatched', version: 1, assigneeName: '维修工老张' });
    const accepted = await d.tickets.accept(await d.as('维修工老张'), t.number);
    expect(accepted).toMatchObject({ state: 'accepted', version: 2 });
  });

  it('does not roll forward a young event: its writer may still be applying it', async () => {
    const owner = await d.as('马杰');
    const t = await d.tickets.create(owner, {
      kind: 'repair',
      unitId: owner.unitIds[0],
      description: '下水道堵了',
    });
    const { Types } = await import('mongoose');
    const eventId = new Types.ObjectId();
    await PendingReaction.create({ _id: eventId, ticketId: t._id });
    await TicketEvent.create({
      _id: eventId,
      ticketId: t._id,
      seq: 1,
      at: now,
      event: 'note',
      from: 'received',
      to: 'received',
      actorKind: 'system',
      patch: [{ path: 'version', value: 1 }],
    });
    await expect(
      d.tickets.addNote(await d.as('前台小林'), t.number, { note: '已联系' }),
    ).rejects.toMatchObject({ code: 'ticket_changed' });
    expect((await Ticket.findById(t._id).lean())!.version).toBe(0);
  });
});

describe('TicketService: photos', () => {
  it('attaches an owner’s photo to their ticket and records it on the timeline', async () => {
    const owner = await d.as('胡涛');
    const t = await d.tickets.create(owner, {
      kind: 'repair',
      unitId: owner.unitIds[0],
      description: '墙面渗水',
    });
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2048, 7)]);
    const withPhoto = await d.tickets.attachPhoto(owner, t.number, jpeg);
    expect(withPhoto.photos).toEqual([
      expect.objectContaining({ contentType: 'image/jpeg', size: jpeg.length }),
    ]);
    const timeline = await d.tickets.timeline(withPhoto);
    expect(timeline.at(-1)).toMatchObject({ event: 'attach_photo', actorName: '胡涛' });
    await expect(d.tickets.attachPhoto(await d.as('郭明'), t.number, jpeg)).rejects.toMatchObject({
      code: 'ticket_not_found',
    });
    await expect(d.tickets.attachPhoto(owner, t.number, Buffer.from('not an image'))).rejects.toMatchObject({
      code: 'validation_failed',
    });
    expect((await Ticket.findById(t._id).lean())!.photos).toHaveLength(1);
  });
});
