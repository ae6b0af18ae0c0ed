import { Ticket } from '../../src/data/models/index.js';
import { last, startChat, type ChatHarness } from '../support/chat.js';

let chat: ChatHarness;
beforeAll(async () => {
  chat = await startChat();
}, 60_000);
afterAll(async () => chat?.close());

const NUMBER = /BX\d{8}-\d{4}/;

describe('an order carried through in everyday words', () => {
  let number = '';
  let worker = '';

  it('is accepted by "收到 我接了" from the worker it was sent to', async () => {
    await chat.say('何超', '热水器不出热水了');
    await chat.say('何超', '明天上午');
    const r0 = await chat.say('何超', '1');
    number = NUMBER.exec(last(chat.textsTo(r0, '何超')))![0];
    worker = (await Ticket.findOne({ number }).lean())!.assigneeName!;
    const r = await chat.say(worker, '收到 我接了');
    expect(last(chat.textsTo(r, worker))).toContain(number);
    expect((await Ticket.findOne({ number }).lean())!.state).toBe('accepted');
  });

  it('takes "算了，同意吧" as agreeing to the fee, after a haggle that changes nothing', async () => {
    await chat.say(worker, `非标 ${number} 需更换主板`);
    await chat.say('工程主管陈刚', `报价 ${number} 380 主板+人工`);
    const haggle = await chat.say('何超', '这么贵？能不能便宜点');
    expect(last(chat.textsTo(haggle, '何超'))).toMatch(/380.*同意/s);
    expect((await Ticket.findOne({ number }).lean())!.state).toBe('quoted');
    const r = await chat.say('何超', '算了，同意吧');
    expect(last(chat.textsTo(r, '何超'))).toContain('已确认费用');
    expect((await Ticket.findOne({ number }).lean())!.state).toBe('accepted');
  });

  it('records a fee said in Chinese numerals and a rating said in words', async () => {
    await chat.say(worker, `到场 ${number}`);
    await chat.say(worker, `完工 ${number} 换了主板 费用 三百八十元`);
    const done = await Ticket.findOne({ number }).lean();
    expect(done!.state).toBe('completed');
    expect(done!.fees.map((f) => f.amount)).toContain(380);
    const r = await chat.say('何超', '师傅挺好的，就是来之前没打电话');
    expect(last(chat.textsTo(r, '何超'))).toContain(number);
    const rated = await Ticket.findOne({ number }).lean();
    expect(rated!.state).toBe('rated');
    expect(rated!.rating).toMatchObject({ score: 4 });
  });

  it('answers a thank-you in kind, not as a report', async () => {
    const r = await chat.say('何超', '好的 谢谢师傅');
    expect(last(chat.textsTo(r, '何超'))).toMatch(/不客气/);
  });

  it('lets an owner leave a report with "算了 不修了 …"', async () => {
    await chat.say('何超', '阳台晾衣架断了');
    const r = await chat.say('何超', '算了 不修了 我自己弄');
    expect(last(chat.textsTo(r, '何超'))).toMatch(/已取消/);
  });
});

describe('leaving a flow in one’s own words', () => {
  it('leaves a renovation application begun by mistake with "我不是要申请 就是问问"', async () => {
    await chat.say('何超', '我要申请装修');
    const r = await chat.say('何超', '我不是要申请 就是问问');
    expect(last(chat.textsTo(r, '何超'))).toMatch(/已取消/);
    const after = await chat.say('何超', '装修押金多少');
    expect(chat.textsTo(after, '何超').join('\n')).not.toMatch(/公司/);
  });

  it.each([
    ['我要投诉物业，垃圾三天没人收了', '算了不投诉了'],
    ['我要投诉，保安态度太差', '不用投诉了'],
    ['卧室窗户关不上了', '我不要修了'],
    ['my bedroom window will not close', 'never mind'],
    ['my kitchen light is broken', 'forget it'],
  ])('after “%s”, leaves with “%s”', async (first, leave) => {
    await chat.say('孙艳', first);
    const r = await chat.say('孙艳', leave);
    expect(last(chat.textsTo(r, '孙艳'))).toMatch(/已取消|cancelled/);
    expect(await chat.ticketsOf('孙艳')).toHaveLength(0);
  });

  it('leaves a report with "没事了"', async () => {
    await chat.say('何超', '阳台灯不亮了');
    const r = await chat.say('何超', '哦 没事了');
    expect(last(chat.textsTo(r, '何超'))).toMatch(/已取消/);
  });
});

describe('adding to a report already registered', () => {
  it('adds "补充 …" and an unread message just after the report to it, and tells the worker', async () => {
    await chat.say('唐静', '卧室顶灯不亮了');
    await chat.say('唐静', '明天上午');
    let r = await chat.say('唐静', '1');
    expect(last(chat.textsTo(r, '唐静'))).toMatch(/BX\d{8}-\d{4}/);
    const [t] = await chat.ticketsOf('唐静');
    r = await chat.say('唐静', '在4栋2单元门口');
    expect(last(chat.textsTo(r, '唐静'))).toContain(`补充到您刚登记的工单 ${t!.number}`);
    r = await chat.say('唐静', '补充：三楼和四楼的都不亮');
    expect(last(chat.textsTo(r, '唐静'))).toContain(`已补充到工单 ${t!.number}`);
    const after = (await Ticket.findOne({ number: t!.number }).lean())!;
    expect(after.description).toContain('4栋2单元门口');
    expect(after.description).toContain('三楼和四楼');
  });
});

describe('a danger in the first message', () => {
  it('gets safety advice first, an urgent order at once and the supervisors told', async () => {
    const r = await chat.say('罗霞', '卧室插座冒火花了 跳闸了');
    const mine = chat.textsTo(r, '罗霞').join('\n');
    expect(mine).toMatch(/电闸[\s\S]*紧急报修.*BX\d{8}-\d{4}/);
    const [t] = await chat.ticketsOf('罗霞');
    expect(t!.urgency).toBe('urgent');
    expect(r.some((x) => x.to === '工程主管陈刚' && x.text.includes('【紧急】'))).toBe(true);
  });
});

describe('an owner asking after or calling off their order', () => {
  it('is shown the order for "师傅大概几点到啊", and can call it off with "不用来了 …"', async () => {
    await chat.say('高平', '卫生间下水道堵了');
    await chat.say('高平', '明天上午');
    const r0 = await chat.say('高平', '1');
    const number = NUMBER.exec(last(chat.textsTo(r0, '高平')))![0];
    const asked = await chat.say('高平', '师傅大概几点到啊');
    expect(last(chat.textsTo(asked, '高平'))).toContain(number);
    const off = await chat.say('高平', '不用来了 下水道我自己通好了');
    expect(last(chat.textsTo(off, '高平'))).toMatch(new RegExp(`已为您取消工单 ${number}`));
    expect((await Ticket.findOne({ number }).lean())!.state).toBe('cancelled');
  });

  it('keeps "什么时候来都行" as the answer to the time question', async () => {
    await chat.say('高平', '阳台灯不亮了');
    const r = await chat.say('高平', '什么时候来都行');
    expect(last(chat.textsTo(r, '高平'))).not.toMatch(/报事记录|在办/);
    await chat.say('高平', '取消');
  });
});
