import { dangerPlace } from '../../src/chat/danger.js';
import { Ticket, Zone } from '../../src/data/models/index.js';
import { last, startChat, type ChatHarness } from '../support/chat.js';

const B_GROUP = '阳光花园B区业主群';
const NUMBER = /(BX|QZ)\d{8}-\d{4}/;
let chat: ChatHarness;
beforeAll(async () => {
  chat = await startChat();
}, 60_000);
afterAll(async () => chat?.close());

const all = (r: Array<{ text: string }>) => r.map((x) => x.text).join('\n');
const urgentTo = (r: Array<{ to?: string | null; text: string }>, who: RegExp) =>
  r.some((x) => who.test(x.to ?? '') && /【紧急】|【緊急】/.test(x.text));

describe('a danger told in chat is registered and alerted at once', () => {
  it('registers a gas smell at home with the bound unit, without waiting for "1"', async () => {
    const r = await chat.say('邓军', '闻到好大一股煤气味 在厨房');
    const said = chat.textsTo(r, '邓军').join('\n');
    expect(said).toMatch(/燃气/);
    expect(said).not.toMatch(/回复 1/);
    const number = NUMBER.exec(last(chat.textsTo(r, '邓军')))![0];
    const t = await Ticket.findOne({ number }).lean();
    expect(t).toMatchObject({ urgency: 'urgent', scope: 'in_unit', department: 'engineering' });
    expect(t!.unitId).toBeTruthy();
    expect(urgentTo(r, /^工程主管/)).toBe(true);
    expect(urgentTo(r, /^片区管理员/)).toBe(true);
  });

  it('registers a burst pipe and sparks from a socket at once too', async () => {
    for (const [who, said] of [
      ['高平', '家里水管爆了 水哗哗的往外喷'],
      ['朱娟', '卧室插座冒火花了 还有焦味'],
    ] as const) {
      const r = await chat.say(who, said);
      expect(last(chat.textsTo(r, who))).toMatch(NUMBER);
      expect(urgentTo(r, /^工程主管/)).toBe(true);
    }
  });

  it('sends help for a person fallen elsewhere to the place said, with "call 120", alerting security', async () => {
    const r = await chat.say('刘静', '3栋楼下有个老人摔倒了起不来 快来人');
    const said = chat.textsTo(r, '刘静').join('\n');
    expect(said).toContain('120');
    const number = NUMBER.exec(last(chat.textsTo(r, '刘静')))![0];
    const t = await Ticket.findOne({ number }).lean();
    expect(t).toMatchObject({ kind: 'help', scope: 'public', urgency: 'urgent', department: 'security' });
    expect(t!.location).toContain('3栋');
    expect(urgentTo(r, /^安防队长/)).toBe(true);
    expect(urgentTo(r, /^片区管理员/)).toBe(true);
  });

  it('alerts the supervisor and zone manager of gas in a stairwell told in traditional script in a group', async () => {
    const r = await chat.say('郭明', '4棟2單元樓道好大陣煤氣味', { room: B_GROUP });
    expect(all(r)).toMatch(NUMBER);
    // advice for a stairwell, in the owner's script
    expect(all(r)).toMatch(/公共區域有燃氣味/);
    expect(urgentTo(r, /^工程主管/)).toBe(true);
    expect(urgentTo(r, /^片区管理员/)).toBe(true);
    // the worker sent there is told it is urgent too
    expect(r.some((x) => /^维修工/.test(x.to ?? '') && x.text.startsWith('【紧急】'))).toBe(true);
  });

  it('takes up a danger asked about in a group, not addressed to the bot', async () => {
    const r = await chat.say('杨强', '有人知道楼道里的煤气味是哪家的吗 好大味道', {
      room: '阳光花园A区业主群',
    });
    expect(all(r)).toMatch(NUMBER);
    expect(urgentTo(r, /^工程主管/)).toBe(true);
  });

  it('registers a danger told with another problem at once, the whole message on its order', async () => {
    const r = await chat.say('宋敏', '客厅灯不亮，还有厨房煤气味很大');
    expect(chat.textsTo(r, '宋敏').join('\n')).toMatch(/紧急报修.*BX\d{8}-\d{4}/);
    const [danger] = await chat.ticketsOf('宋敏');
    expect(danger).toMatchObject({ urgency: 'urgent', category: 'gas' });
    expect(danger!.description).toContain('客厅灯不亮');
  });

  it('takes a water heater that will not light for a repair, not a fire', async () => {
    const r = await chat.say('唐伟', '房东不在 我租的房子热水器打不着火了 能来修吗');
    expect(all(r)).not.toMatch(/119|撤离/);
    expect(urgentTo(r, /^(工程主管|片区管理员)/)).toBe(false);
    await chat.say('唐伟', '取消');
  });

  it('registers a danger told in the middle of another report at once, then asks that report on', async () => {
    await chat.say('何超', '阳台灯不亮了');
    const r = await chat.say('何超', '不好了 厨房着火了');
    const said = chat.textsTo(r, '何超').join('\n');
    expect(said).toContain('119');
    expect(said).toMatch(/QZ\d{8}-\d{4}/);
    expect(said).toContain('我们接着刚才的登记');
    expect(urgentTo(r, /^安防队长/)).toBe(true);
    await chat.say('何超', '取消');
  });

  it('registers a danger given as the description after the menu at once', async () => {
    await chat.say('冯磊', '1');
    const r = await chat.say('冯磊', '家里水管爆了');
    expect(last(chat.textsTo(r, '冯磊'))).toMatch(/紧急报修.*BX\d{8}-\d{4}/);
    expect(urgentTo(r, /^工程主管/)).toBe(true);
    const more = await chat.say('冯磊', '明天上午');
    expect(last(chat.textsTo(more, '冯磊'))).not.toMatch(/请确认报修信息/);
  });

  it('takes a bare cry for help as a danger: security alerted, asked where, the answer added to it', async () => {
    const r = await chat.say('曹洋', '救命啊');
    const said = chat.textsTo(r, '曹洋').join('\n');
    expect(said).toMatch(/您在哪里/);
    expect(said).toMatch(/紧急求助.*QZ\d{8}-\d{4}/);
    const number = NUMBER.exec(last(chat.textsTo(r, '曹洋')))![0];
    expect(urgentTo(r, /^安防队长/)).toBe(true);
    expect(urgentTo(r, /^片区管理员/)).toBe(true);
    const where = await chat.say('曹洋', '我在5栋2单元楼梯间 我妈晕倒了');
    const answer = chat.textsTo(where, '曹洋').join('\n');
    expect(answer).toContain('120');
    expect(answer).toContain(number);
    expect(where.some((x) => /^安防队长/.test(x.to ?? '') && x.text.includes('5栋2单元楼梯间'))).toBe(true);
    expect(where.some((x) => /^片区管理员/.test(x.to ?? '') && x.text.includes('5栋2单元楼梯间'))).toBe(true);
    const [t] = await chat.ticketsOf('曹洋');
    expect(t).toMatchObject({ number, kind: 'help', urgency: 'urgent', department: 'security' });
    expect(t!.description).toContain('我妈晕倒了');
  });

  it('adds where they are after a cry for help told in the middle of another report to the cry', async () => {
    await chat.say('罗霞', '厨房水龙头关不紧');
    const cry = await chat.say('罗霞', '救命');
    const number = /QZ\d{8}-\d{4}/.exec(chat.textsTo(cry, '罗霞').join('\n'))![0];
    const where = await chat.say('罗霞', '在3栋楼梯间 我妈摔了起不来');
    expect(chat.textsTo(where, '罗霞').join('\n')).toContain(number);
    const t = await Ticket.findOne({ number }).lean();
    expect(t!.description).toContain('3栋楼梯间');
    await chat.say('罗霞', '取消');
  });

  it('makes the place said after a cry for help the order’s place and zone, not the owner’s home', async () => {
    const cry = await chat.say('张伟', '救命');
    const number = /QZ\d{8}-\d{4}/.exec(chat.textsTo(cry, '张伟').join('\n'))![0];
    const before = (await Ticket.findOne({ number }).lean())!;
    expect(before).toMatchObject({ scope: 'in_unit' });
    const where = await chat.say('张伟', '3栋电梯里');
    expect(chat.textsTo(where, '张伟').join('\n')).toContain(number);
    const t = (await Ticket.findOne({ number }).lean())!;
    expect(t).toMatchObject({ scope: 'public', location: '3栋电梯' });
    expect(t.unitId ?? null).toBeNull();
    const zoneB = (await Zone.findOne({ buildings: '3' }).lean())!;
    expect(String(t.zoneId)).toBe(String(zoneB._id));
    expect(String(t.zoneId)).not.toBe(String(before.zoneId));
    // the guard and the supervisor read the new place in the detail notice
    expect(where.some((x) => /^安防队长/.test(x.to ?? '') && x.text.includes('（3栋电梯）'))).toBe(true);
    // B区's manager gets the full alert they never had; A区's, alerted at the start, where it went
    expect(urgentTo(where, /^片区管理员B/)).toBe(true);
    expect(where.find((x) => /^片区管理员B/.test(x.to ?? ''))!.text).toContain('3栋电梯');
    const toA = where.filter((x) => /^片区管理员A/.test(x.to ?? '')).map((x) => x.text);
    expect(toA).toHaveLength(1);
    expect(toA[0]).toMatch(/地点更正.*3栋电梯（B区）/);
    // the guard (马强 covers A区 and B区) stays on it
    expect(t.assigneeName).toBe(before.assigneeName);
    expect(where.some((x) => /转给/.test(x.text))).toBe(false);
  });

  it('calls engineering to a lift someone cries for help from, beside the guard', async () => {
    const cry = await chat.say('王芳', '救命');
    const number = /QZ\d{8}-\d{4}/.exec(chat.textsTo(cry, '王芳').join('\n'))![0];
    const where = await chat.say('王芳', '1栋电梯里');
    const said = chat.textsTo(where, '王芳').join('\n');
    expect(said).toMatch(/警铃/); // what to do shut in a lift
    expect(said).toContain(number);
    const lift = (await chat.ticketsOf('王芳')).find((x) => x.number !== number)!;
    expect(said).toContain(lift.number);
    expect(lift).toMatchObject({
      kind: 'help',
      department: 'engineering',
      category: 'elevator',
      scope: 'public',
      location: '1栋电梯',
      urgency: 'urgent',
      assigneeName: '维修工孙师傅',
    });
    expect(lift.sla).toMatchObject({ acceptBy: expect.any(Date) }); // dispatched at once
    expect(urgentTo(where, /^工程主管/)).toBe(true);
    expect(where.some((x) => x.to === '维修工孙师傅' && /【紧急】/.test(x.text))).toBe(true);
    // the cry stays the guard's, at the lift
    expect(await Ticket.findOne({ number }).lean()).toMatchObject({
      department: 'security',
      location: '1栋电梯',
    });
  });

  it('hands a cry moved to a zone its guard does not cover to a guard there, deadlines anew', async () => {
    const cry = await chat.say('郑伟', '救命');
    const number = /QZ\d{8}-\d{4}/.exec(chat.textsTo(cry, '郑伟').join('\n'))![0];
    const before = (await Ticket.findOne({ number }).lean())!;
    expect(before.assigneeName).toBe('协管员朱军'); // C区's guard
    const where = await chat.say('郑伟', '在3栋楼下 我爸摔倒了');
    const t = (await Ticket.findOne({ number }).lean())!;
    expect(t).toMatchObject({ location: '3栋楼下', assigneeName: '协管员马强', state: 'dispatched' });
    expect(t.sla?.acceptBy?.getTime()).toBeGreaterThan(before.sla!.acceptBy!.getTime());
    expect(t.sla?.arriveBy ?? null).toBeNull(); // set when he accepts, as for a public place
    expect(
      where.some((x) => x.to === '协管员马强' && /【紧急】/.test(x.text) && x.text.includes('3栋楼下')),
    ).toBe(true);
    expect(where.some((x) => x.to === '协管员朱军' && x.text.includes('协管员马强'))).toBe(true);
    expect(urgentTo(where, /^片区管理员B/)).toBe(true);
    expect(where.some((x) => /^片区管理员C/.test(x.to ?? '') && x.text.includes('B区'))).toBe(true);
    // the moved order is the only one: a fall is no lift
    expect(await chat.ticketsOf('郑伟')).toHaveLength(1);
  });

  it('joins a second report of someone shut in a lift to its order, never to a plain repair of that lift', async () => {
    const broken = await chat.say('陈丽', '4栋电梯坏了，按了没反应', { room: B_GROUP });
    const repair = NUMBER.exec(all(broken))![0];
    expect(repair).toMatch(/^BX/);
    // someone is now shut in it: an urgent order of its own, not "already reported"
    const trapped = await chat.say('徐勇', '4栋电梯里困了人 快来', { room: B_GROUP });
    const help = NUMBER.exec(all(trapped))![0];
    expect(help).toMatch(/^QZ/);
    expect(urgentTo(trapped, /^工程主管/)).toBe(true);
    // a neighbour telling the same: joined to it, nobody alerted again
    const again = await chat.say('杨强', '4号楼电梯有人被困住了', { room: B_GROUP });
    expect(all(again)).toContain(help);
    expect(all(again)).toMatch(/已有邻居报过/);
    expect(urgentTo(again, /^工程主管/)).toBe(false);
    expect(await Ticket.countDocuments({ location: /4栋电梯/, kind: 'help' })).toBe(1);
  });

  it('keeps the owner’s home when what follows the cry names it', async () => {
    const cry = await chat.say('黄磊', '救命');
    const number = /QZ\d{8}-\d{4}/.exec(chat.textsTo(cry, '黄磊').join('\n'))![0];
    await chat.say('黄磊', '我在家里 我爸摔倒了');
    const t = (await Ticket.findOne({ number }).lean())!;
    expect(t).toMatchObject({ scope: 'in_unit' });
    expect(t.unitId).toBeTruthy();
    expect(t.description).toContain('我爸摔倒了');
  });

  it('gives a child locked in a flat or a car its own advice, and alerts security', async () => {
    const r = await chat.say('韩强', '小孩被锁在车里了 车在地库');
    const said = chat.textsTo(r, '韩强').join('\n');
    expect(said).toMatch(/锁在屋里或车里.*110/);
    expect(said).not.toMatch(/走失|电梯里有人/);
    expect(urgentTo(r, /^安防队长/)).toBe(true);
    expect(urgentTo(r, /^片区管理员/)).toBe(true);
  });

  it('tells the supervisor and zone manager when an urgent order is cancelled', async () => {
    const told = await chat.say('许丽', '家里燃气泄漏了');
    const number = NUMBER.exec(last(chat.textsTo(told, '许丽')))![0];
    const r = await chat.say('工程主管陈刚', `撤单 ${number} 业主说是邻居家的味道`);
    expect(r.some((x) => /^片区管理员/.test(x.to ?? '') && /紧急工单已取消/.test(x.text))).toBe(true);
    expect(all(r)).not.toContain('{{');
  });
});

describe('where a danger is', () => {
  const home = [{ id: 'u1', label: '1栋2单元1802' }];
  const none = { scope: undefined, location: undefined };

  it.each([
    ['3栋楼下有个老人摔倒了起不来 快来人', { scope: 'public', location: '3栋楼下' }],
    ['4栋2单元楼道好大阵煤气味', { scope: 'public', location: '4栋2单元楼道' }],
    ['楼道里有人晕倒了', { scope: 'public', location: '1栋楼道', assumed: true }], // the owner's building
    ['小区门口有人被车撞倒了', { scope: 'public', location: '小区门口' }],
    ['闻到好大一股煤气味 在厨房', { scope: 'in_unit', unitId: 'u1' }],
    ['家里水管爆了', { scope: 'in_unit', unitId: 'u1' }],
    ['小孩在游乐场摔了一跤 头流血了', { scope: 'public', location: '游乐场' }],
    ['地下车库好多水 淹了好几辆车', { scope: 'public', location: '地下车库' }],
    ['插座冒火花了', { scope: 'in_unit', unitId: 'u1' }],
    ['1栋2单元1802着火了', { scope: 'in_unit', unitId: 'u1' }],
  ])('%s', (said, where) => {
    expect(dangerPlace(said, none, home)).toEqual(where);
  });
});
