import { Person, Ticket } from '../../src/data/models/index.js';
import { ADMIN_ACTOR, type Actor } from '../../src/domain/actor.js';
import { last, startChat, type ChatHarness } from '../support/chat.js';

const GROUP = '阳光花园B区业主群';
const NUMBER = /BX\d{8}-\d{4}/;
let chat: ChatHarness;
beforeAll(async () => {
  chat = await startChat();
}, 60_000);
afterAll(async () => chat?.close());

const liftTickets = () => Ticket.find({ category: 'elevator', scope: 'public' }).lean();

describe('a public problem reported by several owners (issue #11 point 7)', () => {
  let number = '';

  it('makes one order for three owners and links the later two, with no second dispatch', async () => {
    const first = await chat.say('陈丽', '3栋电梯坏了', { room: GROUP });
    number = NUMBER.exec(first.map((r) => r.text).join('\n'))![0];
    const dispatchedTo = first.filter((r) => r.to?.startsWith('维修工') && r.text.includes(number));
    expect(dispatchedTo.length).toBeGreaterThan(0);

    const second = await chat.say('徐勇', '3幢的电梯又不动了', { room: GROUP });
    const third = await chat.say('杨强', '3号楼电梯坏了，困了好久才出来', { room: GROUP });
    for (const r of [second, third]) {
      const text = r.map((x) => x.text).join('\n');
      expect(text).toContain(number);
      expect(text).toMatch(/已有邻居报过|already reported/);
      // nobody on the staff side is sent the order again
      expect(r.filter((x) => x.to?.startsWith('维修工') || x.room === '阳光花园工程部')).toHaveLength(0);
    }
    const lifts = await liftTickets();
    expect(lifts).toHaveLength(1);
    expect(lifts[0]!.linked.map((l) => l.name).sort()).toEqual(['徐勇', '杨强'].sort());
  });

  it('names the earlier report to an owner who reports the same problem again', async () => {
    const r = await chat.say('陈丽', '3栋电梯还是坏的', { room: GROUP });
    expect(r.map((x) => x.text).join('\n')).toMatch(new RegExp(`已经报过.*${number}`));
    expect(await liftTickets()).toHaveLength(1);
  });

  it('lets a linked owner see the order in 我的报修', async () => {
    const r = await chat.say('徐勇', '我的报修');
    expect(last(chat.textsTo(r, '徐勇'))).toContain(number);
  });

  it('makes a separate order for another building', async () => {
    await chat.say('黄磊', '4栋电梯坏了', { room: GROUP });
    expect(await liftTickets()).toHaveLength(2);
  });

  it('tells every linked owner of the completion and records their ratings apart', async () => {
    const { tickets } = chat.services;
    const t = (await Ticket.findOne({ number }).lean())!;
    const worker = await Person.findById(t.assigneeId).lean();
    const workerActor: Actor = {
      kind: 'person',
      personId: String(worker!._id),
      name: worker!.name,
      roles: ['staff'],
      communityId: String(t.communityId),
      zoneIds: [],
      department: 'engineering',
      unitIds: [],
    };
    if (t.state === 'dispatched') await tickets.accept(workerActor, number);
    await tickets.arrive(workerActor, number);
    await tickets.complete(workerActor, number, { actualItem: '更换电梯门机板' });
    await tickets.idle();
    const sent = await chat.desk.outbox(0, 1000);
    for (const name of ['徐勇', '杨强'])
      expect(
        sent
          .filter((m) => m.to === name && m.text.includes(number))
          .map((m) => m.text)
          .join('\n'),
      ).toMatch(/已处理完毕/);
    const r = await chat.say('徐勇', '5 修得挺快');
    expect(last(chat.textsTo(r, '徐勇'))).toMatch(/感谢您的评价（5 分）/);
    const low = await chat.say('杨强', '2 等了一整天');
    expect(last(chat.textsTo(low, '杨强'))).toMatch(/客服主管/);
    const after = (await Ticket.findOne({ number }).lean())!;
    expect(after.state).toBe('completed'); // the first reporter's rating is still awaited
    const byName = Object.fromEntries(after.linked.map((l) => [l.name, l.rating?.score]));
    expect(byName).toEqual({ 徐勇: 5, 杨强: 2 });
  });

  it('lets the desk unlink an owner, who is told to report again', async () => {
    const t = (await Ticket.findOne({ number }).lean())!;
    const yang = t.linked.find((l) => l.name === '杨强')!;
    const after = await chat.services.tickets.fire(ADMIN_ACTOR, number, 'unlink_reporter', {
      personId: String(yang.personId),
      note: '不是同一部电梯',
    });
    expect(after.linked.map((l) => l.name)).toEqual(['徐勇']);
    await chat.services.tickets.idle();
    const told = await chat.desk.outbox(0, 1000);
    expect(told.some((m) => m.to === '杨强' && m.text.includes('取消关联'))).toBe(true);
  });
});

describe("a private report begun in the owners' group", () => {
  it('is acknowledged in the group with its number once it is registered privately', async () => {
    const first = await chat.say('孙艳', '我家厨房水管漏水了，麻烦来看看', { room: GROUP });
    expect(first.some((x) => x.room === GROUP && /私聊/.test(x.text))).toBe(true);
    let r = await chat.say('孙艳', '明天上午');
    for (let i = 0; i < 4 && !r.some((x) => x.room === GROUP && NUMBER.test(x.text)); i++)
      r = await chat.say('孙艳', /请留/.test(last(chat.textsTo(r, '孙艳'))) ? '13912345678' : '1');
    const ack = r.find((x) => x.room === GROUP && NUMBER.test(x.text));
    expect(ack?.to).toBe('孙艳');
    expect(ack?.text).toMatch(/已为您登记，工单号 BX\d{8}-\d{4}，后续进度私聊告知/);
    expect(last(chat.textsTo(r, '孙艳'))).toMatch(/已为您登记报修/);
  });
});

describe('help at a public place', () => {
  it('is registered at that place, not at the owner home', async () => {
    const r = await chat.say('黄磊', '電梯關人了 3棟 快來人', { room: GROUP });
    expect(r.map((x) => x.text).join('\n')).toMatch(/QZ\d{8}-\d{4}/);
    const t = await Ticket.findOne({ kind: 'help' }).sort({ createdAt: -1 }).lean();
    expect(t).toMatchObject({ scope: 'public', location: '3栋电梯', urgency: 'urgent' });
  });

  it('takes a phone number said at the place question as the phone, and asks the place again', async () => {
    const first = await chat.say('陈丽', '楼道灯不亮了');
    expect(last(chat.textsTo(first, '陈丽'))).toMatch(/具体位置/);
    const r = await chat.say('陈丽', '13912345678');
    expect(last(chat.textsTo(r, '陈丽'))).toMatch(/具体位置/);
    const done = await chat.say('陈丽', '5栋2单元');
    expect(last(chat.textsTo(done, '陈丽'))).toMatch(/已为您登记报修/);
    const t = await Ticket.findOne({ location: /5栋/ }).sort({ createdAt: -1 }).lean();
    expect(t).toMatchObject({ phone: '13912345678', scope: 'public' });
  });
});

describe('two neighbours reporting one place in the same moment', () => {
  it('makes one order and links the second owner', async () => {
    const replies = await Promise.all([
      chat.say('马杰', '5栋电梯坏了', { room: GROUP }),
      chat.say('胡涛', '5栋的电梯又坏了', { room: GROUP }),
    ]);
    const numbers = new Set(replies.flat().flatMap((r) => r.text.match(/BX\d{8}-\d{4}/g) ?? []));
    expect(numbers.size).toBe(1);
    const lift = await Ticket.findOne({ number: [...numbers][0] }).lean();
    expect(lift!.linked.map((l) => l.name)).toHaveLength(1);
  });
});

describe('lifts of different entrances of one building', () => {
  it('are two orders', async () => {
    const a = await chat.say('郭明', '7栋2单元的电梯一直有异响', { room: GROUP });
    const b = await chat.say('何超', '7栋1单元的电梯门关不上', { room: GROUP });
    const numbers = new Set([a, b].flat().flatMap((r) => r.text.match(/BX\d{8}-\d{4}/g) ?? []));
    expect(numbers.size).toBe(2);
  });
});
