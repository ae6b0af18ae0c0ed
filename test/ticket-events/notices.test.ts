import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { createServices, registerTicketReactions, type Services } from '../../src/app.js';
import { Person, Room } from '../../src/data/models/index.js';
import { loadDemoData } from '../../src/demo/seed.js';
import type { TicketEventName } from '../../src/domain/ticket-states.js';
import { Outbox } from '../../src/notify/outbox.js';
import { silentLog, testConfig } from '../support/fixtures.js';

/**
 * The event × recipient table: every ticket event the manuals make people hear of, fired through
 * the catalogue, and who was told with which text. Dispatch is manual so each event is fired by
 * the test, and quiet hours never fall during it.
 */
let s: Services;
let names: Map<string, string>;
let rooms: Map<string, string>;

beforeAll(async () => {
  const config = testConfig({
    db: { uri: process.env.MONGODB_URI },
    demo: true,
    dispatch: { mode: 'manual' },
    scheduler: { enabled: false },
    notify: { quietStart: '03:00', quietEnd: '03:00' },
  });
  s = await createServices(config, silentLog, { dbName: `e_${randomBytes(6).toString('hex')}` });
  await loadDemoData(s);
  registerTicketReactions(s);
  names = new Map((await Person.find({}, { name: 1 }).lean()).map((p) => [String(p._id), p.name]));
  rooms = new Map((await Room.find({}).lean()).map((r) => [r.platformRoomId, r.topic]));
}, 60_000);
afterAll(async () => {
  await mongoose.connection.db?.dropDatabase().catch(() => undefined);
  await s?.db.close();
});

const person = async (name: string) => {
  const p = await Person.findOne({ name }).lean();
  return s.directory.actorForPerson(String(p!._id));
};
const idOf = async (name: string) => String((await Person.findOne({ name }).lean())!._id);

/** Everything queued for this ticket since `after`, as "recipient reason text". */
async function told(number: string, after: number) {
  await s.tickets.idle();
  const rows = await Outbox.find({ ticketNumber: number, order: { $gt: after } })
    .sort({ order: 1 })
    .lean();
  return rows.map((r) => ({
    to: r.personId ? names.get(String(r.personId)) : rooms.get(r.roomId ?? ''),
    reason: r.reason,
    text: r.text,
  }));
}
const mark = async () => (await Outbox.findOne({}).sort({ order: -1 }).lean())?.order ?? 0;

type Row = [who: string, reason: string, ...contains: string[]];
async function fire(
  actorName: string,
  number: string,
  event: TicketEventName,
  input: Record<string, unknown>,
  expected: Row[],
) {
  const since = await mark();
  await s.tickets.fire(await person(actorName), number, event, input);
  const got = await told(number, since);
  for (const [who, reason, ...contains] of expected) {
    const hit = got.find((g) => g.to === who && g.reason === reason);
    expect({ event, who, reason, hit: !!hit }).toEqual({ event, who, reason, hit: true });
    for (const c of contains) expect(hit!.text).toContain(c);
  }
  return got;
}

describe('when the owner is told the worker comes', () => {
  it('gives an agreed window as the visit time, not as a deadline ("至 … 前")', async () => {
    const owner = await person('张伟');
    const from = new Date(Date.now() + 2 * 86_400_000);
    from.setUTCHours(1, 0, 0, 0);
    const t = await s.tickets.create(owner, {
      kind: 'repair',
      unitId: owner.unitIds[0],
      description: '卫生间灯不亮',
      appointment: { from, to: new Date(from.getTime() + 2 * 3_600_000) },
    });
    await s.tickets.fire(await person('前台小林'), t.number, 'dispatch', {
      assigneeId: await idOf('维修工老张'),
    });
    const got = await fire('维修工老张', t.number, 'accept', {}, [
      ['张伟', 'notice.accepted', '09:00-11:00', '上门'],
    ]);
    expect(got.find((g) => g.to === '张伟')!.text).not.toMatch(/至|前到达/);
  });

  it('forgets the first worker’s arrival time when the order is transferred', async () => {
    const owner = await person('张伟');
    const t = await s.tickets.create(owner, {
      kind: 'repair',
      unitId: owner.unitIds[0],
      description: '阳台水龙头滴水',
    });
    await s.tickets.fire(await person('前台小林'), t.number, 'dispatch', {
      assigneeId: await idOf('维修工老张'),
    });
    await s.tickets.fire(await person('维修工老张'), t.number, 'accept', {});
    expect((await s.tickets.get(owner, t.number)).sla?.arriveBy).toBeTruthy();
    await s.tickets.fire(await person('前台小林'), t.number, 'transfer', {
      assigneeId: await idOf('维修工孙师傅'),
    });
    expect((await s.tickets.get(owner, t.number)).sla?.arriveBy).toBeFalsy();
  });
});

describe('who hears of each ticket event', () => {
  it('repair: dispatch, transfer, send-back, accept, quote, answer, completion with fee, rework', async () => {
    const owner = await person('张伟');
    let since = await mark();
    const t = await s.tickets.create(owner, {
      kind: 'repair',
      unitId: owner.unitIds[0],
      description: '厨房水管漏水',
    });
    // manual dispatch: the front desk hears of every new repair
    expect((await told(t.number, since)).map((g) => [g.to, g.reason])).toEqual([
      ['前台小林', 'notice.new_report'],
    ]);
    const zoneManager = (await Person.findOne({ roles: 'zone_manager', zoneIds: t.zoneId }).lean())!.name;

    await fire('前台小林', t.number, 'dispatch', { assigneeId: await idOf('维修工老张') }, [
      ['维修工老张', 'notice.dispatched', '接单'],
      ['阳光花园工程部', 'notice.dispatched_group', '维修工老张'],
    ]);
    const moved = await fire(
      '前台小林',
      t.number,
      'transfer',
      { assigneeId: await idOf('维修工孙师傅'), note: '老张请假' },
      [
        ['维修工孙师傅', 'notice.transferred_to', '老张请假', '维修工老张'],
        ['维修工老张', 'notice.transferred_away', '维修工孙师傅'],
        ['张伟', 'notice.transferred_owner', '维修工孙师傅'],
      ],
    );
    expect(moved.every((g) => !/师傅师傅/.test(g.text))).toBe(true);
    await fire('维修工孙师傅', t.number, 'send_back', { note: '不是我负责的片区' }, [
      ['工程主管陈刚', 'notice.sent_back', '不是我负责的片区', '维修工孙师傅'],
      ['前台小林', 'notice.sent_back', '不是我负责的片区'],
      ['张伟', 'notice.sent_back_owner'],
    ]);
    const back = await s.tickets.get(await person('前台小林'), t.number);
    expect(back.state).toBe('received');
    expect(back.sla?.dispatchBy).toBeTruthy(); // the dispatch clock runs again

    await s.tickets.fire(await person('前台小林'), t.number, 'dispatch', {
      assigneeId: await idOf('维修工老张'),
    });
    const accepted = await fire('维修工老张', t.number, 'accept', {}, [
      ['张伟', 'notice.accepted', '维修工老张'],
    ]);
    expect(accepted.find((g) => g.to === '张伟')!.text).not.toContain('师傅师傅');
    expect(accepted.find((g) => g.to === '张伟')!.text).toContain('前到达');
    await fire('维修工老张', t.number, 'request_quote', { note: '需要更换整段水管' }, [
      ['工程主管陈刚', 'notice.quote_needed'],
      ['张伟', 'notice.quote_pending'],
    ]);
    await fire('工程主管陈刚', t.number, 'quote', { amount: 120, note: '更换阀门和软管' }, [
      ['张伟', 'notice.quoted', '120', '更换阀门和软管'],
    ]);
    await fire('张伟', t.number, 'agree_quote', { agree: true }, [
      ['维修工老张', 'notice.quote_agreed_staff', '120'],
      ['工程主管陈刚', 'notice.quote_agreed_staff'],
    ]);
    const arrived = await fire('维修工老张', t.number, 'arrive', {}, [
      ['张伟', 'notice.arrived', '维修工老张'],
    ]);
    expect(arrived.map((g) => g.to)).toEqual(['张伟']);
    await fire(
      '维修工老张',
      t.number,
      'complete',
      { actualItem: '更换阀门', fees: [{ item: '阀门', amount: 80 }] },
      [['张伟', 'notice.completed_fee', '更换阀门', '80']],
    );
    since = await mark();
    await fire('张伟', t.number, 'rate', { score: 1, comment: '还是在漏' }, [
      ['维修工老张', 'notice.rework_assignee', '返工', '还是在漏', '1'],
      [zoneManager, 'notice.rework', '还是在漏'],
    ]);
    // the rework order is not announced as a plain new order
    expect((await told(t.number, since)).some((g) => g.reason === 'notice.dispatched')).toBe(false);
  });

  it('never tells the owner a fee for a public facility (repaired free), though the cost is recorded', async () => {
    const owner = await person('张伟');
    const t = await s.tickets.create(owner, {
      kind: 'repair',
      scope: 'public',
      location: '1栋楼道',
      category: 'lighting',
      description: '楼道声控灯不亮',
    });
    const worker = await person('维修工小刘');
    await s.tickets.fire(await person('前台小林'), t.number, 'dispatch', { assigneeId: worker.personId });
    await s.tickets.fire(worker, t.number, 'accept', {});
    await s.tickets.fire(worker, t.number, 'arrive', {});
    const got = await fire(
      '维修工小刘',
      t.number,
      'complete',
      { actualItem: '换了声控灯', fees: [{ item: '材料费', amount: 15 }] },
      [['张伟', 'notice.completed', '换了声控灯']],
    );
    expect(got.some((g) => g.reason === 'notice.completed_fee')).toBe(false);
    expect(got.find((g) => g.to === '张伟')!.text).not.toContain('15');
    expect((await s.tickets.get(owner, t.number)).fees).toEqual([
      expect.objectContaining({ item: '材料费', amount: 15 }),
    ]);
  });

  it('an owner declining a quote tells the worker and the supervisor why', async () => {
    const owner = await person('张伟');
    const t = await s.tickets.create(owner, {
      kind: 'repair',
      unitId: owner.unitIds[0],
      description: '热水器坏了',
    });
    await s.tickets.fire(await person('前台小林'), t.number, 'dispatch', {
      assigneeId: await idOf('维修工老张'),
    });
    await s.tickets.fire(await person('维修工老张'), t.number, 'accept', {});
    await s.tickets.fire(await person('维修工老张'), t.number, 'request_quote', {});
    await s.tickets.fire(await person('工程主管陈刚'), t.number, 'quote', { amount: 300 });
    await fire('张伟', t.number, 'agree_quote', { agree: false, note: '太贵了' }, [
      ['维修工老张', 'notice.quote_declined_staff', '太贵了', '300'],
      ['工程主管陈刚', 'notice.quote_declined_staff', '太贵了'],
    ]);
  });

  it('inquiry: the front desk hears of it and the owner gets the answer text', async () => {
    const owner = await person('张伟');
    const since = await mark();
    const t = await s.tickets.create(owner, {
      kind: 'inquiry',
      unitId: owner.unitIds[0],
      description: '物业费怎么交',
    });
    expect((await told(t.number, since)).map((g) => [g.to, g.reason])).toEqual([
      ['前台小林', 'notice.new_report'],
    ]);
    await fire('前台小林', t.number, 'answer', { note: '可在服务中心前台或微信缴费，每月5日前' }, [
      ['张伟', 'notice.answered', '可在服务中心前台或微信缴费，每月5日前'],
    ]);
  });

  it('a danger written in traditional script: supervisor and zone manager hear of it, and of its cancellation', async () => {
    const owner = await person('张伟');
    const since = await mark();
    const t = await s.tickets.create(owner, {
      kind: 'repair',
      department: 'engineering',
      scope: 'public',
      location: '4栋2单元楼道',
      urgency: 'urgent',
      description: '4棟2單元樓道好大陣煤氣味',
    });
    const zoneManager = (await Person.findOne({ roles: 'zone_manager', zoneIds: t.zoneId }).lean())!.name;
    expect((await told(t.number, since)).map((g) => [g.to, g.reason])).toEqual(
      expect.arrayContaining([
        ['工程主管陈刚', 'notice.hazard_new'],
        [zoneManager, 'notice.hazard_new'],
      ]),
    );
    await fire('前台小林', t.number, 'cancel', { note: '物业已核实，是邻居家在煮东西' }, [
      ['工程主管陈刚', 'notice.hazard_cancelled', '煮东西'],
      [zoneManager, 'notice.hazard_cancelled', t.number],
    ]);
  });

  it('a danger moved to another zone by the place added: the new zone alerted, the old one told where', async () => {
    const owner = await person('张伟');
    const t = await s.tickets.create(owner, {
      kind: 'help',
      department: 'security',
      unitId: owner.unitIds[0],
      urgency: 'urgent',
      description: '救命',
    });
    await s.tickets.idle(); // the alerts of its creation are out
    const got = await fire('张伟', t.number, 'add_detail', { note: '3栋电梯里', location: '3栋电梯' }, [
      ['安防队长杨勇', 'notice.detail_added', '3栋电梯里'],
      ['片区管理员B李娜', 'notice.hazard_new', '【紧急】', '3栋电梯'],
      ['片区管理员A王芳', 'notice.hazard_moved', '3栋电梯（B区）'],
    ]);
    // each manager hears it once
    expect(got.filter((g) => /^片区管理员/.test(g.to ?? '')).map((g) => [g.to, g.reason])).toEqual([
      ['片区管理员B李娜', 'notice.hazard_new'],
      ['片区管理员A王芳', 'notice.hazard_moved'],
    ]);
    // more said in the same zone: its manager hears the detail, nobody is told of a move
    const again = await fire('张伟', t.number, 'add_detail', { note: '4栋电梯', location: '4栋电梯' }, [
      ['片区管理员B李娜', 'notice.detail_added'],
    ]);
    expect(again.map((g) => g.reason)).not.toContain('notice.hazard_moved');
  });

  it('a repair that only looks like a danger (热水器打不着火) alerts nobody', async () => {
    const owner = await person('张伟');
    const since = await mark();
    const t = await s.tickets.create(owner, {
      kind: 'repair',
      unitId: owner.unitIds[0],
      description: '热水器打不着火了 能来修吗',
    });
    const reasons = (await told(t.number, since)).map((g) => g.reason);
    expect(reasons).not.toContain('notice.hazard_new');
  });

  it('praise: the front desk, the praised worker and the zone manager hear of it', async () => {
    const owner = await person('张伟');
    const since = await mark();
    const t = await s.tickets.create(owner, {
      kind: 'praise',
      unitId: owner.unitIds[0],
      description: '表扬维修工老张，修得又快又好',
      subject: { personId: await idOf('维修工老张'), text: '维修工老张' },
    });
    const zoneManager = (await Person.findOne({ roles: 'zone_manager', zoneIds: t.zoneId }).lean())!.name;
    const got = (await told(t.number, since)).map((g) => [g.to, g.reason]);
    expect(got).toEqual(
      expect.arrayContaining([
        ['前台小林', 'notice.new_report'],
        ['维修工老张', 'notice.praised'],
        [zoneManager, 'notice.praise_zone'],
      ]),
    );
  });

  it('complaint: routed to the department, the owner hears plan, result and escalation', async () => {
    const owner = await person('陈丽');
    const since = await mark();
    const t = await s.tickets.create(owner, {
      kind: 'complaint',
      unitId: owner.unitIds[0],
      description: '保安态度很差',
    });
    expect((await told(t.number, since)).map((g) => [g.to, g.reason])).toEqual([
      ['客服主管周敏', 'notice.complaint_new'],
    ]);
    await fire('客服主管周敏', t.number, 'classify', { department: 'security' }, [
      ['安防队长杨勇', 'notice.complaint_routed'],
    ]);
    const deadline = new Date(Date.now() + 2 * 86_400_000);
    await fire('安防队长杨勇', t.number, 'plan', { plan: '约谈当班保安并上门致歉', deadline }, [
      ['陈丽', 'notice.complaint_planned', '约谈当班保安并上门致歉'],
    ]);
    await s.tickets.fire(await person('安防队长杨勇'), t.number, 'start_handling', {});
    await fire('安防队长杨勇', t.number, 'finish_handling', { note: '已约谈并致歉' }, [
      ['陈丽', 'notice.complaint_handled', '已约谈并致歉', '满意'],
    ]);
    const zoneManager = (await Person.findOne({ roles: 'zone_manager', zoneIds: t.zoneId }).lean())!.name;
    await fire(zoneManager, t.number, 'callback_unsatisfied', { satisfied: false, note: '没人上门' }, [
      ['主任郑国强', 'notice.escalated'],
      ['客服主管周敏', 'notice.escalated'],
      ['陈丽', 'notice.escalated_owner', '管理处主任'],
    ]);
  });

  it('an unsatisfied callback of a repair tells the worker, and the owner who said so, of the rework', async () => {
    const owner = await person('张伟');
    const t = await s.tickets.create(owner, {
      kind: 'repair',
      unitId: owner.unitIds[0],
      description: '卫生间灯一闪一闪',
    });
    const worker = await person('维修工小刘');
    await s.tickets.fire(await person('前台小林'), t.number, 'dispatch', { assigneeId: worker.personId });
    for (const e of ['accept', 'arrive', 'complete'] as const) await s.tickets.fire(worker, t.number, e, {});
    await fire('片区管理员A王芳', t.number, 'callback_unsatisfied', { satisfied: false, note: '灯还是闪' }, [
      ['维修工小刘', 'notice.rework_assignee', '灯还是闪'],
      ['张伟', 'notice.rework_owner', '维修工小刘', '返工'],
    ]);
  });

  it('cancel: the owner hears why and the worker stops', async () => {
    const owner = await person('张伟');
    const t = await s.tickets.create(owner, {
      kind: 'repair',
      unitId: owner.unitIds[0],
      description: '门锁坏了',
    });
    await s.tickets.fire(await person('前台小林'), t.number, 'dispatch', {
      assigneeId: await idOf('维修工孙师傅'),
    });
    await fire('前台小林', t.number, 'cancel', { note: '业主电话告知已自行修好' }, [
      ['张伟', 'notice.cancelled_owner', '业主电话告知已自行修好'],
      ['维修工孙师傅', 'notice.cancelled_staff'],
    ]);
  });

  it('arrive at a public place: the reporting owner hears the worker is on site', async () => {
    const owner = await person('张伟');
    const t = await s.tickets.create(owner, {
      kind: 'repair',
      scope: 'public',
      location: '1栋电梯',
      description: '电梯按钮失灵',
    });
    await s.tickets.fire(await person('前台小林'), t.number, 'dispatch', {
      assigneeId: await idOf('维修工老张'),
    });
    await s.tickets.fire(await person('维修工老张'), t.number, 'accept', {});
    await fire('维修工老张', t.number, 'arrive', {}, [
      ['张伟', 'notice.arrived_public', '1栋电梯', '维修工老张', '现场'],
    ]);
  });

  it('cancel by the owner: whoever would take the order or complaint next stops', async () => {
    const owner = await person('张伟');
    const repair = await s.tickets.create(owner, {
      kind: 'repair',
      unitId: owner.unitIds[0],
      description: '阳台门关不严',
    });
    const got = await fire('张伟', repair.number, 'cancel', { note: '自己修好了' }, [
      ['前台小林', 'notice.withdrawn', repair.number, '自己修好了'],
    ]);
    expect(got.some((g) => g.to === '张伟' && g.reason !== 'reply')).toBe(false);
    const complaint = await s.tickets.create(owner, {
      kind: 'complaint',
      unitId: owner.unitIds[0],
      description: '保安态度很差',
    });
    await fire('张伟', complaint.number, 'cancel', { note: '已经和解了' }, [
      ['客服主管周敏', 'notice.withdrawn', '已经和解了'],
    ]);
  });

  it('nobody is told of their own act, and a replayed event tells nobody twice', async () => {
    const owner = await person('张伟');
    const t = await s.tickets.create(owner, {
      kind: 'repair',
      unitId: owner.unitIds[0],
      description: '窗户关不上',
    });
    const since = await mark();
    await s.tickets.fire(await person('前台小林'), t.number, 'dispatch', {
      assigneeId: await idOf('维修工老张'),
    });
    await s.tickets.fire(await person('维修工老张'), t.number, 'transfer', {
      assigneeId: await idOf('维修工孙师傅'),
    });
    const got = await told(t.number, since);
    expect(got.filter((g) => g.to === '维修工老张' && g.reason === 'notice.transferred_away')).toEqual([]);
    const before = await mark();
    // every event reacted to, then replayed as after a crash: nobody is told twice; only the owner,
    // whom no chat reply ever answered (this report came through the API), is told the number
    const { PendingReaction, TicketEvent } = await import('../../src/data/models/index.js');
    for (const e of await TicketEvent.find({ ticketId: t._id, event: { $ne: 'remind' } }).lean())
      await PendingReaction.collection.insertOne({ _id: e._id, ticketId: e.ticketId });
    const replayed = await s.tickets.reactions.recover(
      { restore: async () => undefined },
      new Date(Date.now() + 60_000),
    );
    expect(replayed).toBeGreaterThanOrEqual(3);
    expect((await told(t.number, before)).map((g) => [g.to, g.reason])).toEqual([
      ['张伟', 'notice.registered'],
    ]);
  });
});
