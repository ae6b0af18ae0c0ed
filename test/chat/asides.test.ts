import { Ticket } from '../../src/data/models/index.js';
import { isQuestion } from '../../src/chat/asides.js';
import { startChat, type ChatHarness } from '../support/chat.js';

let chat: ChatHarness;
beforeAll(async () => {
  chat = await startChat();
}, 60_000);
afterAll(async () => chat?.close());

const text = (r: Array<{ text: string }>) => r.map((x) => x.text).join('\n');
const TIME_QUESTION = /什么时候上门|什麼時候上門/;

describe('a question asked in the middle of a report', () => {
  it('is answered from the knowledge base, and the report goes on at the same question', async () => {
    const first = await chat.say('王芳', '卫生间马桶一直漏水');
    expect(text(first)).toMatch(TIME_QUESTION);
    const r = await chat.say('王芳', '维修要收费吗？');
    expect(text(r)).toMatch(/维修项目收费标准/);
    expect(text(r)).toMatch(TIME_QUESTION);
    expect(text(r)).not.toMatch(/没看懂这个时间/);
    const summary = await chat.say('王芳', '后天上午');
    expect(text(summary)).toMatch(/请确认报修信息/);
    await chat.say('王芳', '取消');
  });

  it('is told plainly when nothing answers it, instead of "not understood"', async () => {
    await chat.say('王芳', '卧室空调不制冷了');
    const r = await chat.say('王芳', '你们师傅是男的还是女的？');
    expect(text(r)).toMatch(/暂时答不上来/);
    expect(text(r)).toMatch(TIME_QUESTION);
    // a loose match is no answer: "how long" is not about renovation hours
    const vague = await chat.say('王芳', '要多久才能来？');
    expect(text(vague)).not.toMatch(/装修/);
    expect(text(vague)).toMatch(TIME_QUESTION);
    await chat.say('王芳', '取消');
  });

  it('never takes a question put to the desk as a change at the summary ("你们周末上班吗")', async () => {
    await chat.say('王芳', '阳台水龙头漏水');
    const summary = await chat.say('王芳', '明天上午');
    expect(text(summary)).toMatch(/请确认报修信息/);
    const r = await chat.say('王芳', '你们周末上班吗');
    expect(text(r)).not.toMatch(/12月5日|12月6日/);
    expect(text(r)).toMatch(/请确认报修信息/);
    await chat.say('王芳', '取消');
  });

  it('keeps a valid answer phrased as a question ("明天下午可以吗")', async () => {
    await chat.say('王芳', '书房的插座没电了');
    const r = await chat.say('王芳', '明天下午可以吗');
    expect(text(r)).toMatch(/请确认报修信息/);
    await chat.say('王芳', '取消');
  });

  it('is never taken from a description: an inquiry may be a question', async () => {
    const r = await chat.say('王芳', '4');
    expect(text(r)).toMatch(/想咨询什么/);
    const asked = await chat.say('王芳', '小区什么时候装充电桩？');
    expect(text(asked)).not.toMatch(/接着刚才的登记/);
  });
});

describe('a second report told in the middle of the first', () => {
  it('is kept and begun, with what it was, once the first is registered', async () => {
    const before = await Ticket.countDocuments({});
    await chat.say('李娜', '厨房下水道堵了');
    const kept = await chat.say('李娜', '还有阳台的灯也不亮了');
    expect(text(kept)).toMatch(/记下了/);
    expect(text(kept)).toMatch(TIME_QUESTION);
    await chat.say('李娜', '明天上午');
    const done = await chat.say('李娜', '1');
    const told = text(done);
    expect(told).toMatch(/工单号/);
    expect(told).toMatch(/接着登记您刚才说的：“还有阳台的灯也不亮了”/);
    expect(told).toMatch(TIME_QUESTION);
    await chat.say('李娜', '明天下午');
    expect(text(await chat.say('李娜', '1'))).toMatch(/工单号/);
    const mine = await Ticket.find({}).sort({ _id: -1 }).limit(2).lean();
    expect(await Ticket.countDocuments({})).toBe(before + 2);
    expect(mine.map((t) => t.description).join('|')).toMatch(/阳台的灯/);
  });
});

describe('the same report told again in the middle of it', () => {
  it('is not kept as a second report, and the question is asked again', async () => {
    const before = await Ticket.countDocuments({});
    await chat.say('李娜', '阳台晾衣架坏了 摇不下来');
    const again = await chat.say('李娜', '阳台的晾衣架坏了，摇不下来了');
    expect(text(again)).toMatch(/正在为您登记/);
    expect(text(again)).not.toMatch(/记下了/);
    expect(text(again)).toMatch(TIME_QUESTION);
    await chat.say('李娜', '明天上午');
    const done = text(await chat.say('李娜', '1'));
    expect(done).toMatch(/工单号/);
    expect(done).not.toMatch(/接着登记/);
    expect(await Ticket.countDocuments({})).toBe(before + 1);
  });
});

describe('a second report told at the place question of a public repair', () => {
  it('is kept, not taken as the place, and begun once the first is registered', async () => {
    const group = '阳光花园C区业主群';
    await chat.say('新来的邻居', '电梯又不动了', { room: group });
    const kept = await chat.say('新来的邻居', '还有6栋门口的路灯也不亮', { room: group });
    expect(text(kept)).toMatch(/记下了/);
    const done = await chat.say('新来的邻居', '5栋', { room: group });
    expect(text(done)).toMatch(/接着登记您刚才说的/);
    const lift = await Ticket.findOne({ category: 'elevator', location: /5栋/ }).lean();
    expect(lift!.location).toBe('5栋电梯');
    expect(await Ticket.findOne({ category: 'lighting', location: /6栋/ }).lean()).toBeTruthy();
  });
});

describe('isQuestion', () => {
  it.each(['维修要收费吗？', '物业费怎么交', '你们周末上班不', '押金多少', '什么时候能修好呢'])(
    '%s is a question',
    (t) => expect(isQuestion(t)).toBe(true),
  );
  it.each(['明天上午', '13800138000', '3栋2单元', '厨房水龙头漏水', '不'])('%s is not', (t) =>
    expect(isQuestion(t)).toBe(false),
  );
});
