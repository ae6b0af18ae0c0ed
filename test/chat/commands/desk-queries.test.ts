import { OpenTicket, Person, Ticket, Zone } from '../../../src/data/models/index.js';
import { parseDeskQuery } from '../../../src/chat/commands/desk-queries.js';
import { last, startChat, type ChatHarness } from '../../support/chat.js';

describe('parseDeskQuery', () => {
  it.each([
    ['今天的工单', 'today'],
    ['看看今天的工单', 'today'],
    ['今日工单', 'today'],
    ['超时的', 'overdue'],
    ['有哪些超时的？', 'overdue'],
    ['帮我看看超时工单', 'overdue'],
    ['待派单', 'undispatched'],
    ['还没派的有哪些', 'undispatched'],
    ['今天有啥工单', 'today'],
    ['有没有超时的', 'overdue'],
    ['超时的单子有几个', 'overdue'],
    ['待派的单子', 'undispatched'],
    ['哪些没派', 'undispatched'],
    ['what is overdue', 'overdue'],
    ['在办的工单', 'open'],
    ['还没完成的有几个', 'open'],
    ['有哪些要回访的', 'callback'],
    ['待回访的', 'callback'],
    ['overdue', 'overdue'],
    ['Today', 'today'],
    // a manager's own words for the open work
    ['今天有几单没处理完', 'open'],
    ['手上还有多少没弄完的', 'open'],
    ['处理中的单子', 'open'],
    ['還有幾張沒處理完的', 'open'],
    ['what is still open', 'open'],
    ['how many tickets not done yet', 'open'],
  ])('reads %s as %s', (text, query) => {
    expect(parseDeskQuery(text)).toEqual({ query });
  });

  it.each([
    'BX20261203-0002详情',
    '详情 BX20261203-0002',
    '查一下bx20261203-0002',
    'BX20261203-0002',
    'BX202612030002 怎么样了',
    'BX20261203-0002 啥情况',
  ])('reads %s as the details of BX20261203-0002', (text) => {
    expect(parseDeskQuery(text)).toEqual({ query: 'detail', number: 'BX20261203-0002' });
  });

  it.each([
    '超时了还没人来',
    '今天的工单怎么还没人修',
    'BX20261203-0002 派给老张',
    '电梯坏了',
    '待会儿派人来',
  ])('leaves %s to other commands', (text) => {
    expect(parseDeskQuery(text)).toBeUndefined();
  });
});

const MANAGER_A = '片区管理员A王芳';
const NUMBER = /BX\d{8}-\d{4}/;
const numberIn = (r: Array<{ text: string }>) => NUMBER.exec(r.map((x) => x.text).join('\n'))![0];

describe('a zone manager follows and dispatches the zone’s work in a direct chat', () => {
  let chat: ChatHarness;
  let lampA = '';
  let railA = '';
  let lampB = '';
  beforeAll(async () => {
    chat = await startChat({ dispatch: { mode: 'manual' } });
    lampA = numberIn(await chat.say('张伟', '1栋楼道灯不亮了', { room: '阳光花园A区业主群' }));
    railA = numberIn(await chat.say('张伟', '2栋门口的扶手松了，摇摇晃晃', { room: '阳光花园A区业主群' }));
    lampB = numberIn(await chat.say('陈丽', '3栋楼道灯不亮了', { room: '阳光花园B区业主群' }));
  }, 60_000);
  afterAll(async () => chat?.close());

  const ask = async (text: string, from = MANAGER_A) => last(chat.textsTo(await chat.say(from, text), from));

  it('lists the tickets waiting for dispatch in the manager’s zone only', async () => {
    const text = await ask('待派单');
    expect(text).toContain(lampA);
    expect(text).toContain(railA);
    expect(text).not.toContain(lampB);
    expect(text).toMatch(/派给/);
  });

  it('lists today’s tickets of the zone', async () => {
    const text = await ask('看看今天的工单');
    expect(text).toMatch(/今天新增 2 张/);
    expect(text).not.toContain(lampB);
  });

  it('shows a ticket’s details, then dispatches it with “派给 老张” and no number', async () => {
    const detail = await ask(`${lampA} 详情`);
    expect(detail).toContain('1栋楼道');
    expect(detail).toMatch(/报事人：张伟/);
    const r = await chat.say(MANAGER_A, '派给 老张');
    expect(last(chat.textsTo(r, MANAGER_A))).toMatch(new RegExp(`${lampA} 已交给 维修工老张`));
    // allowed, but the plumber has no lighting skill on record: the manager is reminded
    expect(last(chat.textsTo(r, MANAGER_A))).toMatch(/维修工老张 的技能里没有“公共照明”/);
    expect(chat.textsTo(r, '维修工老张').join('\n')).toMatch(new RegExp(`【新工单】${lampA}`));
    expect(await Ticket.findOne({ number: lampA }).lean()).toMatchObject({
      state: 'dispatched',
      assigneeName: '维修工老张',
    });
  });

  it('transfers the same ticket with “这个单转给孙师傅吧”', async () => {
    const r = await chat.say(MANAGER_A, '这个单转给孙师傅吧');
    expect(chat.textsTo(r, '维修工孙师傅').join('\n')).toContain(lampA);
    expect((await Ticket.findOne({ number: lampA }).lean())!.assigneeName).toBe('维修工孙师傅');
  });

  it('says who already has it rather than transfer a ticket to its own assignee', async () => {
    expect(await ask(`${lampA} 派给孙师傅`)).toMatch(/已经由 维修工孙师傅 负责/);
  });

  it('dispatches with the number first, in traditional script', async () => {
    const r = await chat.say(MANAGER_A, `${railA} 派給 孫師傅`);
    expect(last(chat.textsTo(r, MANAGER_A))).toMatch(/已交給 维修工孙师傅/);
  });

  it('refuses a worker who does not cover the zone, and another zone’s ticket', async () => {
    // the office moves 小刘 to zones B and C only
    const elsewhere = await Zone.find({ code: { $in: ['B', 'C'] } }, { _id: 1 }).lean();
    await Person.updateOne({ name: '维修工小刘' }, { $set: { zoneIds: elsewhere.map((z) => z._id) } });
    expect(await ask(`${railA} 转给 小刘`)).toMatch(/不负责这张工单所在的片区/);
    expect(await ask(`${lampB} 派给 老张`)).toMatch(new RegExp(`找不到工单 ${lampB}`));
    expect(await ask(`${lampB} 详情`)).toMatch(/找不到工单/);
    expect((await Ticket.findOne({ number: lampB }).lean())!.state).toBe('received');
  });

  it('asks whom when the name is no colleague’s, instead of sending the order to the pool', async () => {
    expect(await ask(`${railA} 派给 老李头`)).toMatch(/同事姓名|@/);
  });

  it('lists the overdue tickets with the deadline that passed', async () => {
    const past = new Date(Date.now() - 20 * 60_000);
    for (const model of [Ticket, OpenTicket] as const)
      await (model as typeof Ticket).updateOne({ number: railA }, { $set: { 'sla.acceptBy': past } });
    const text = await ask('有哪些超时的？');
    expect(text).toMatch(new RegExp(`${railA}.*接单超时`));
    expect(text).not.toContain(lampB);
    expect(await ask('超時的工單')).toMatch(/逾時未辦/);
  });

  it('lists the zone’s open tickets and those waiting for a callback', async () => {
    const open = await ask('在办的工单');
    expect(open).toMatch(/在办 2 张/);
    expect(open).not.toContain(lampB);
    expect(await ask('有哪些要回访的')).toMatch(/目前没有待回访的工单/);
  });

  it('answers a manager who asks in the owners’ group privately, never in the group', async () => {
    const r = await chat.say(MANAGER_A, '待派单', { room: '阳光花园A区业主群', mentionBot: true });
    expect(r.filter((x) => x.room)).toHaveLength(0);
    expect(last(chat.textsTo(r, MANAGER_A))).toMatch(/待派单|目前没有/);
  });

  it('answers nothing of the kind to an owner or a worker', async () => {
    expect(await ask('待派单', '张伟')).not.toMatch(/待派单 \d+ 张/);
    expect(await ask('超时的', '维修工老张')).not.toMatch(/超时未办/);
  });
});

describe('what each list holds, by the life cycle', () => {
  let chat: ChatHarness;
  let done = '';
  let calledBack = '';
  let pooled = '';
  let waiting = '';
  const actor = async (name: string) =>
    chat.services.directory.actorForPerson(String((await Person.findOne({ name }).lean())!._id));

  beforeAll(async () => {
    chat = await startChat({ dispatch: { mode: 'manual' } });
    const { tickets } = chat.services;
    const owner = await actor('张伟');
    const desk = await actor('前台小林');
    const worker = await actor('维修工老张');
    const repair = (description: string) =>
      tickets.create(owner, { kind: 'repair', unitId: owner.unitIds[0], description });
    const finished = async (description: string) => {
      const t = await repair(description);
      await tickets.dispatch(desk, t.number, { assigneeId: worker.personId });
      await tickets.accept(worker, t.number);
      await tickets.arrive(worker, t.number);
      await tickets.complete(worker, t.number, {});
      return t.number;
    };
    done = await finished('卫生间水龙头漏水');
    calledBack = await finished('厨房下水道堵了');
    await tickets.fire(await actor(MANAGER_A), calledBack, 'callback', { satisfied: true });
    pooled = (await repair('阳台地漏反水')).number;
    await tickets.dispatch(desk, pooled, { department: 'engineering' });
    waiting = (await repair('马桶水箱一直流水')).number;
    await tickets.idle();
  }, 60_000);
  afterAll(async () => chat?.close());

  const ask = async (text: string, from = MANAGER_A) => last(chat.textsTo(await chat.say(from, text), from));

  it('在办: only what is still being worked on, not what waits for its callback or its close', async () => {
    const text = await ask('在办的');
    expect(text).toMatch(/在办 2 张/);
    expect(text).toContain(pooled);
    expect(text).toContain(waiting);
    expect(text).not.toContain(done);
    expect(text).not.toContain(calledBack);
  });

  it('待回访: done and not called back yet', async () => {
    const text = await ask('待回访');
    expect(text).toMatch(/待回访 1 张/);
    expect(text).toContain(done);
    expect(text).not.toContain(calledBack);
  });

  it('待派单: not dispatched, or in the department pool with nobody on it', async () => {
    const text = await ask('还没派的有哪些');
    expect(text).toMatch(/待派单 2 张/);
    expect(text).toContain(waiting);
    expect(text).toMatch(new RegExp(`${pooled}.*部门待抢单`));
    expect(await ask(`${pooled} 详情`)).toMatch(/处理人：（部门待抢单）[\s\S]*派给/);
    const r = await chat.say(MANAGER_A, `${pooled} 派给 老张`);
    expect(last(chat.textsTo(r, MANAGER_A))).toMatch(new RegExp(`${pooled} 已交给 维修工老张`));
    expect(await ask('待派单')).toMatch(/待派单 1 张/);
  });

  it('a done order’s details say the callback is next', async () => {
    expect(await ask(`${done} 详情`)).toMatch(/回访 工单号/);
  });

  it('records a callback said with the number’s last digits', async () => {
    const r = await chat.say(MANAGER_A, `回访 ${done.slice(-4)} 满意 电话回访`);
    const told = last(chat.textsTo(r, MANAGER_A));
    expect(told).toMatch(new RegExp(`${done}[\\s\\S]*当前状态：已回访`));
    expect(told).not.toMatch(/我的工单/);
    expect((await Ticket.findOne({ number: done }).lean())!.state).toBe('called_back');
  });

  it('passes what the manager says with 派给 on to the worker', async () => {
    const r = await chat.say(MANAGER_A, `${waiting} 派给 老张 业主下午才在家`);
    expect(last(chat.textsTo(r, MANAGER_A))).not.toMatch(/技能/);
    expect(chat.textsTo(r, '维修工老张').join('\n')).toMatch(/派单说明：业主下午才在家/);
  });

  it('hands an order to the colleague named first, even when the reason names another', async () => {
    const r = await chat.say(MANAGER_A, `${waiting} 转给 小刘 老张那边忙不过来`);
    expect(last(chat.textsTo(r, MANAGER_A))).toMatch(new RegExp(`${waiting} 已交给 维修工小刘`));
    expect(chat.textsTo(r, '维修工小刘').join('\n')).toMatch(/老张那边忙不过来/);
    expect((await Ticket.findOne({ number: waiting }).lean())!.assigneeName).toBe('维修工小刘');
  });

  it('我的工单: a worker’s orders still to do, not the completed ones', async () => {
    const text = await ask('我的工单', '维修工老张');
    expect(text).toContain(pooled);
    expect(text).toMatch(new RegExp(`${pooled} 已派工 1栋1单元101 阳台地漏反水`));
    expect(text).not.toContain(done);
    expect(text).not.toContain(calledBack);
  });
});
