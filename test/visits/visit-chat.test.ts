import { Ticket, Visit } from '../../src/data/models/index.js';
import { issueTicket } from '../../src/visits/issue-ticket.js';
import {
  parseIssues,
  parseMethod,
  parseVisitCommand,
  readVisitCommand,
} from '../../src/visits/chat/visit-text.js';
import { startChat, type ChatHarness } from '../support/chat.js';

describe('visit command and answers (pure)', () => {
  it('reads a one-line visit: unit, method, notes and the issues after 问题：', () => {
    expect(parseVisitCommand('拜访 3-2-1201 上门 业主说楼道灯坏了')).toEqual({
      unit: { building: '3', entrance: '2', room: '1201' },
      method: 'door',
      notes: '业主说楼道灯坏了',
    });
    expect(parseVisitCommand('拜访 1栋1单元101 电话 一切正常 问题：电梯异响；门禁卡失灵')).toMatchObject({
      method: 'phone',
      notes: '一切正常',
      issues: ['电梯异响', '门禁卡失灵'],
    });
    expect(parseVisitCommand('拜访 1-1-101 微信 问题：无')).toMatchObject({ method: 'chat', issues: [] });
    expect(parseVisitCommand('拜访 1-1-101')).toEqual({
      unit: { building: '1', entrance: '1', room: '101' },
    });
    expect(parseVisitCommand('拜访')).toEqual({});
    expect(parseVisitCommand('本月拜访')).toEqual({ list: true });
    expect(parseVisitCommand('拜访了3栋的业主，他们说电梯老坏')).toBeUndefined();
    expect(parseVisitCommand('visitor parking')).toBeUndefined();
    expect(parseVisitCommand('回访')).toBeUndefined();
  });

  it('keeps the notes as written in traditional script', () => {
    const r = readVisitCommand('拜访 1-1-101 上门 业主说楼道灯坏了', '拜訪 1-1-101 上門 業主說樓道燈壞了');
    expect(r).toMatchObject({ method: 'door', notes: '業主說樓道燈壞了' });
  });

  it('reads methods by word or number, and issues by line or semicolon', () => {
    expect(parseMethod('2')).toEqual({ method: 'phone', rest: '' });
    expect(parseMethod('上门，业主不在家')).toEqual({ method: 'door', rest: '业主不在家' });
    expect(parseMethod('電話')).toMatchObject({ method: 'phone' });
    expect(parseMethod('明天再去')).toBeUndefined();
    expect(parseIssues('无')).toEqual([]);
    expect(parseIssues('楼道灯坏了\n希望加装快递柜；')).toEqual(['楼道灯坏了', '希望加装快递柜']);
  });

  it('makes an issue a ticket of the kind and place it reads as', () => {
    expect(issueTicket('厨房水龙头漏水', '1')).toMatchObject({ kind: 'repair', department: 'engineering' });
    expect(issueTicket('希望小区多装几个快递柜', '1')).toMatchObject({ kind: 'suggestion' });
    expect(issueTicket('希望增加儿童游乐设施', '1')).toMatchObject({
      kind: 'suggestion',
      location: undefined,
    });
    expect(issueTicket('楼道的灯坏了', '1')).toMatchObject({ kind: 'repair', location: '1栋楼道' });
    expect(issueTicket('3栋电梯坏了', '1')).toMatchObject({ location: '3栋电梯' });
  });
});

describe('visits in chat', () => {
  let chat: ChatHarness;
  const manager = '片区管理员A王芳';
  const all = (r: Awaited<ReturnType<ChatHarness['say']>>, to: string) => chat.textsTo(r, to).join('\n');
  beforeAll(async () => {
    chat = await startChat();
  }, 60_000);
  afterAll(async () => chat?.close());

  it('records a one-line visit, asks only for the issues and makes each a ticket on the unit', async () => {
    let r = await chat.say(manager, '拜訪 1-1-101 上門 業主說家裡廚房水龍頭漏水');
    expect(all(r, manager)).toContain('需要處理的問題');
    r = await chat.say(manager, '厨房水龙头漏水；希望小区多装几个快递柜');
    const done = all(r, manager);
    expect(done).toMatch(
      /已记录 1栋1单元101 的拜访（上门）。\n问题 1：厨房水龙头漏水 → 已生成工单 BX\d{8}-\d{4}\n问题 2：希望小区多装几个快递柜 → 已生成工单 JY/,
    );
    const visit = await Visit.findOne({ byName: manager }).lean();
    expect(visit).toMatchObject({ role: 'assistant', method: 'door', notes: '業主說家裡廚房水龍頭漏水' });
    const number = visit!.issues[0]!.ticketNumber!;
    const ticket = await Ticket.findOne({ number }).lean();
    expect(ticket).toMatchObject({ kind: 'repair', scope: 'in_unit', department: 'engineering' });
    expect(String(ticket!.unitId)).toBe(String(visit!.unitId));
  });

  it('guides step by step, rereads a bad answer and records a visit without issues in one message each', async () => {
    let r = await chat.say(manager, '拜访');
    expect(all(r, manager)).toContain('拜访哪一户');
    r = await chat.say(manager, '一楼那家');
    expect(all(r, manager)).toContain('没有读到房号');
    r = await chat.say(manager, '3-1-101');
    expect(all(r, manager)).toContain('3栋1单元101 不在您负责的片区');
    r = await chat.say(manager, '1栋1单元302');
    expect(all(r, manager)).toContain('1 上门');
    r = await chat.say(manager, '5');
    expect(all(r, manager)).toContain('请回复 1 上门');
    r = await chat.say(manager, '3');
    expect(all(r, manager)).toContain('拜访情况');
    await chat.say(manager, '业主对保洁满意');
    r = await chat.say(manager, '本月拜访');
    expect(all(r, manager)).toContain('请先回答上面的问题');
    r = await chat.say(manager, '无');
    expect(all(r, manager)).toContain('已记录 1栋1单元302 的拜访（微信）。\n业主未提出需处理的问题。');
  });

  it('lists the households still to visit this month, only of the speaker’s zones', async () => {
    const r = await chat.say(manager, '本月拜访');
    const text = all(r, manager);
    expect(text).toContain('A区：已拜访 2/9 户，还剩 7 户');
    expect(text).not.toContain('1栋1单元101、');
    expect(text).toContain('1栋1单元501');
    expect(text).not.toContain('B区');
    expect(text).not.toContain('2栋2单元1802'); // vacant
  });

  it('answers people who do not visit, and an unknown unit', async () => {
    let r = await chat.say('维修工老张', '拜访 1-1-101 上门 看看');
    expect(all(r, '维修工老张')).toContain('拜访由片区客服');
    r = await chat.say('客服主管周敏', '拜访 9-9-909 电话');
    expect(all(r, '客服主管周敏')).toContain('没有找到 9栋9单元909');
    r = await chat.say('客服主管周敏', '拜访 3-1-101 电话 问题：无');
    expect(all(r, '客服主管周敏')).toContain('已记录 3栋1单元101 的拜访（电话）');
    expect(await Visit.findOne({ byName: '客服主管周敏' }).lean()).toMatchObject({ role: 'supervisor' });
  });
});
