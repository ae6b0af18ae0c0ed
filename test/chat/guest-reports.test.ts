import { Ticket, TicketEvent, Zone } from '../../src/data/models/index.js';
import { last, startChat, type ChatHarness } from '../support/chat.js';

const GROUP_A = '阳光花园A区业主群';
const GROUP_B = '阳光花园B区业主群';
const NUMBER = /BX\d{8}-\d{4}/;
let chat: ChatHarness;
beforeAll(async () => {
  chat = await startChat();
}, 60_000);
afterAll(async () => chat?.close());

const numberIn = (r: Array<{ text: string }>) => NUMBER.exec(r.map((x) => x.text).join('\n'))?.[0];
const zoneCode = async (id: unknown) => (await Zone.findById(id).lean())?.code;

describe('an owners’ group member without a binding reports a public place', () => {
  let lampNumber = '';

  it('registers a lamp at the gate in the group’s zone, answers in the group and dispatches it', async () => {
    const r = await chat.say('路过的邻居', '小区门口路灯不亮了', { room: GROUP_A });
    const inGroup = r.filter((x) => x.room === GROUP_A);
    expect(inGroup).toHaveLength(1);
    expect(inGroup[0]!.text).toMatch(/已登记公共区域报修.*BX\d{8}-\d{4}/);
    expect(inGroup[0]!.text).toContain('绑定');
    expect(r.some((x) => x.to?.startsWith('维修工') && !x.room)).toBe(true);
    lampNumber = numberIn(inGroup)!;
    const t = (await Ticket.findOne({ number: lampNumber }).lean())!;
    expect(t).toMatchObject({ scope: 'public', category: 'lighting', reporterName: '路过的邻居' });
    expect(t.reporterId).toBeUndefined();
    expect(await zoneCode(t.zoneId)).toBe('A');
  });

  it('puts a place that names its building in that building’s zone, whatever the group', async () => {
    const r = await chat.say('新来的租客', '2栋电梯又坏了', { room: GROUP_B });
    const t = (await Ticket.findOne({ number: numberIn(r) }).lean())!;
    expect(t).toMatchObject({ category: 'elevator', location: '2栋电梯' });
    expect(await zoneCode(t.zoneId)).toBe('A');
  });

  it('asks which building for a lift named alone, in the group, and never asks a phone', async () => {
    const first = await chat.say('楼下阿姨', '电梯坏了', { room: GROUP_A });
    expect(first.filter((x) => x.room === GROUP_A).map((x) => x.text)).toEqual([
      expect.stringMatching(/位置/),
    ]);
    const r = await chat.say('楼下阿姨', '1栋', { room: GROUP_A });
    expect(r.find((x) => x.room === GROUP_A)!.text).toMatch(/已登记公共区域报修/);
    const t = (await Ticket.findOne({ number: numberIn(r) }).lean())!;
    expect(t.location).toBe('1栋电梯');
    expect(t.phone).toBeUndefined();
  });

  it('gives a second member the open order, with no second dispatch, and notes their words on it', async () => {
    const r = await chat.say('隔壁老王', '小区门口的路燈還是不亮', { room: GROUP_A });
    expect(r.filter((x) => x.to?.startsWith('维修工') || x.room === '阳光花园工程部')).toHaveLength(0);
    const text = r.find((x) => x.room === GROUP_A)!.text;
    expect(text).toContain(lampNumber);
    expect(text).toMatch(/已有鄰居報過/);
    expect(await Ticket.countDocuments({ category: 'lighting', scope: 'public' })).toBe(1);
    const t = (await Ticket.findOne({ number: lampNumber }).lean())!;
    const noted = await TicketEvent.findOne({ ticketId: t._id, event: 'note' }).lean();
    expect(noted).toMatchObject({ actorName: '隔壁老王', note: '小区门口的路燈還是不亮' });
  });

  it('names the first member’s own report when they report it again', async () => {
    const r = await chat.say('路过的邻居', '小区门口路灯还是不亮啊', { room: GROUP_A });
    expect(r.find((x) => x.room === GROUP_A)!.text).toMatch(new RegExp(`已经报过.*${lampNumber}`));
  });

  it('links a bound owner who reports the same place to the guest’s order', async () => {
    const r = await chat.say('张伟', '小区门口路灯坏了', { room: GROUP_A });
    expect(r.map((x) => x.text).join('\n')).toContain(lampNumber);
    const t = (await Ticket.findOne({ number: lampNumber }).lean())!;
    expect(t.linked.map((l) => l.name)).toEqual(['张伟']);
  });

  it('tells the member in the group, by name, when the worker completes it', async () => {
    const worker = (await Ticket.findOne({ number: lampNumber }).lean())!.assigneeName!;
    await chat.say(worker, `接单 ${lampNumber}`);
    await chat.say(worker, `到场 ${lampNumber}`);
    const r = await chat.say(worker, `完工 ${lampNumber} 换了灯泡`);
    const told = r.filter((x) => x.room === GROUP_A);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ to: '路过的邻居', mentions: ['路过的邻居'] });
    expect(told[0]!.text).toMatch(new RegExp(`${lampNumber}.*已处理完毕`));
  });

  it('takes a call for help in a lift at once: safety advice, an urgent ticket, the zone manager told', async () => {
    const r = await chat.say('访客', '电梯里关人了 快来人', { room: GROUP_B });
    const inGroup = r.filter((x) => x.room === GROUP_B).map((x) => x.text);
    expect(inGroup[0]).toMatch(/电梯里有人/);
    const number = /QZ\d{8}-\d{4}/.exec(inGroup.join('\n'))![0];
    expect(r.some((x) => x.to === '片区管理员B李娜' && x.text.includes(number))).toBe(true);
    const t = (await Ticket.findOne({ number }).lean())!;
    expect(t).toMatchObject({ kind: 'help', scope: 'public', urgency: 'urgent', reporterName: '访客' });
    expect(await zoneCode(t.zoneId)).toBe('B');
  });

  it('takes a leak that names a building but no home as that building’s, not a unit’s', async () => {
    const r = await chat.say('隔壁楼大爷', '6栋楼下的消防栓在漏水，地上全是水', { room: GROUP_B });
    const t = (await Ticket.findOne({ number: numberIn(r) }).lean())!;
    expect(t).toMatchObject({ scope: 'public', location: '6栋', reporterName: '隔壁楼大爷' });
    expect(await zoneCode(t.zoneId)).toBe('C');
  });

  it('still asks a member to bind before a repair at home', async () => {
    for (const text of ['我家厨房水管漏水了', '3栋2单元1201卫生间漏水']) {
      const r = await chat.say('路过的邻居', text, { room: GROUP_A });
      expect(r.filter((x) => x.room)).toHaveLength(0);
      expect(last(chat.textsTo(r, '路过的邻居'))).toMatch(/请先绑定/);
    }
  });
});

describe('an owners’ group member without a binding cries for help', () => {
  it('registers "快来人啊 救命" at once in the group’s zone and alerts security', async () => {
    const r = await chat.say('过路的阿婆', '快来人啊 救命', { room: GROUP_B });
    const inGroup = r.filter((x) => x.room === GROUP_B).map((x) => x.text);
    expect(inGroup.join('\n')).toMatch(/您在哪里/);
    expect(inGroup.join('\n')).toMatch(/QZ\d{8}-\d{4}/);
    expect(r.some((x) => /^安防队长/.test(x.to ?? '') && x.text.startsWith('【紧急】'))).toBe(true);
    expect(r.some((x) => /^片区管理员B/.test(x.to ?? '') && x.text.startsWith('【紧急】'))).toBe(true);
    expect(r.some((x) => x.text.includes('绑定 楼栋单元房号'))).toBe(false);
  });
});
