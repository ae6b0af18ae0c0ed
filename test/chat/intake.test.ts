import { Ticket } from '../../src/data/models/index.js';
import { last, startChat, type ChatHarness } from '../support/chat.js';

let chat: ChatHarness;
beforeAll(async () => {
  chat = await startChat();
}, 60_000);
afterAll(async () => chat?.close());

const numberIn = (text: string) => /[A-Z]{2}\d{8}-\d{4}/.exec(text)?.[0];

describe('report identity', () => {
  it('gives three reports in a row in one chat three tickets', async () => {
    const numbers: string[] = [];
    for (const [report, time] of [
      ['厨房水管漏水了', '明天下午3点'],
      ['卧室灯不亮了', '后天上午'],
      ['防盗门锁坏了', '周六上午'],
    ] as const) {
      await chat.say('孙艳', report);
      await chat.say('孙艳', time);
      const r = await chat.say('孙艳', '1');
      numbers.push(numberIn(last(chat.textsTo(r, '孙艳')))!);
    }
    expect(new Set(numbers).size).toBe(3);
    expect(await chat.ticketsOf('孙艳')).toHaveLength(3);
  }, 120_000);

  it('gives three reports in a row in an owners group three tickets', async () => {
    const room = '阳光花园B区业主群';
    const numbers: string[] = [];
    for (const report of ['我要投诉', '我要投诉', '我要投诉']) {
      await chat.say('马杰', report, { room, mentionBot: true });
      await chat.say('马杰', '晚上有人在楼下烧烤，烟很大');
      await chat.say('马杰', '跳过');
      const r = await chat.say('马杰', '1');
      numbers.push(numberIn(last(chat.textsTo(r, '马杰')))!);
    }
    expect(new Set(numbers).size).toBe(3);
    expect(await chat.ticketsOf('马杰')).toHaveLength(3);
  }, 120_000);

  it('makes one ticket when the confirming message is delivered twice', async () => {
    await chat.say('何超', '卫生间马桶堵了');
    await chat.say('何超', '尽快');
    const world = chat.desk.world!;
    const id = 'confirm-twice-1';
    const handled = new Promise<string[]>((resolve) => {
      const seen: string[] = [];
      chat.desk.pipeline.on('handled', (mid: string, outcome: string) => {
        if (mid === id) seen.push(outcome);
        if (seen.length === 2) resolve(seen);
      });
    });
    world.say({ from: '何超', text: '1' }, id);
    world.redeliver(id);
    expect((await handled).sort()).toEqual(['duplicate', 'handled']);
    expect(await chat.ticketsOf('何超')).toHaveLength(1);
  }, 120_000);
});

describe('help, inquiry, suggestion and praise through a question', () => {
  it.each([
    ['3', '我家老人摔倒了，需要帮忙扶一下', 'help', /求助.*QZ\d{8}-\d{4}/s],
    ['4', '请问停车月卡怎么续费', 'inquiry', /ZX\d{8}-\d{4}/],
    ['5', '建议小区多装几个充电桩', 'suggestion', /建议.*JY\d{8}-\d{4}/s],
    ['6', '保洁员胡阿姨每天把楼道打扫得很干净', 'praise', /表扬.*BY\d{8}-\d{4}/s],
  ])(
    'menu %s asks, then registers the %s',
    async (menu, answer, kind, done) => {
      const who = { '3': '林秀英', '4': '罗霞', '5': '高平', '6': '郑伟' }[menu]!;
      let r = await chat.say(who, menu);
      expect(last(chat.textsTo(r, who))).not.toMatch(/输入有误|null/);
      r = await chat.say(who, answer);
      const text = last(chat.textsTo(r, who));
      expect(text).not.toMatch(/输入有误|null/);
      expect(text).toMatch(done);
      const tickets = await Ticket.find({ reporterName: who }).lean();
      expect(tickets.map((t) => t.kind)).toEqual([kind]);
    },
    120_000,
  );
});

describe('help that someone comes to give', () => {
  it('carries the owner’s phone, so the one who comes can call', async () => {
    await chat.say('罗霞', '钥匙锁家里了 进不去门');
    const [t] = await Ticket.find({ reporterName: '罗霞', kind: 'help' }).lean();
    expect(t?.phone).toMatch(/^1\d{10}$/);
  }, 120_000);
});

describe('what the first message says is not asked again', () => {
  it('takes the time window and phone from the first message and accepts changes at the summary', async () => {
    let r = await chat.say('谢娜', '厨房水龙头一直滴水，明天下午两点到四点在家，电话13912345678');
    let text = last(chat.textsTo(r, '谢娜'));
    expect(text).toContain('请确认报修信息');
    expect(text).toMatch(/14:00-16:00/);
    expect(text).toContain('13912345678');
    r = await chat.say('谢娜', '改成后天上午');
    text = last(chat.textsTo(r, '谢娜'));
    expect(text).toContain('请确认报修信息');
    expect(text).toMatch(/09:00-12:00/);
    r = await chat.say('谢娜', '电话换成137 1234 5678');
    expect(last(chat.textsTo(r, '谢娜'))).toContain('13712345678');
    // only another day: the agreed hours move with it (not the whole day 09:00-18:00)
    r = await chat.say('谢娜', '改到大后天吧');
    expect(last(chat.textsTo(r, '谢娜'))).toMatch(/09:00-12:00/);
    r = await chat.say('谢娜', '改到昨天下午');
    expect(last(chat.textsTo(r, '谢娜'))).toContain('已经过去');
    r = await chat.say('谢娜', '1');
    expect(last(chat.textsTo(r, '谢娜'))).toMatch(/09:00-12:00 上门/);
    const [t] = await chat.ticketsOf('谢娜');
    expect(t).toMatchObject({ phone: '13712345678', urgency: 'normal' });
    const appt = t!.appointment as { from: Date; to: Date };
    expect(appt.to.getTime() - appt.from.getTime()).toBe(3 * 3_600_000);
  }, 120_000);

  it('reads urgency from the first message and does not ask the time', async () => {
    const r = await chat.say('宋敏', '卧室插座松了，赶紧派人来');
    expect(last(chat.textsTo(r, '宋敏'))).toContain('上门时间：尽快');
    await chat.say('宋敏', '取消');
  }, 120_000);

  it('does not take the story of the problem for an appointment', async () => {
    const r = await chat.say('唐静', '今天早上开始卫生间漏水');
    expect(last(chat.textsTo(r, '唐静'))).toContain('什么时候上门');
    await chat.say('唐静', '取消');
  }, 120_000);
});

describe('never a dead end', () => {
  it('asks one numbered question when unsure and starts what the owner picks', async () => {
    // read as a complaint, a suggestion or an inquiry about the service, none of them sure
    let r = await chat.say('许丽', '物业能不能管管');
    let text = last(chat.textsTo(r, '许丽'));
    expect(text).toMatch(/1\. .*\n2\. /);
    expect(text).not.toContain('没明白');
    r = await chat.say('许丽', '1');
    text = last(chat.textsTo(r, '许丽'));
    expect(text).not.toMatch(/我想确认/);
    await chat.say('许丽', '取消');
  }, 120_000);

  it.each([
    ['a phone number alone', '13912345678'],
    ['latin nonsense', 'asdfgh'],
    ['one sign repeated', '啊啊啊啊'],
    ['mixed scripts and control characters', '\u0007\u0008 ok'],
    ['chatter', '今天天气不错'],
  ])(
    'answers %s briefly and makes no ticket',
    async (_name, text) => {
      const r = await chat.say('冯磊', text);
      const answer = last(chat.textsTo(r, '冯磊'));
      expect(answer.length).toBeGreaterThan(0);
      expect(answer.length).toBeLessThan(80);
      expect(await chat.ticketsOf('冯磊')).toHaveLength(0);
    },
    120_000,
  );

  it('answers emoji only and 10,000 characters without a ticket', async () => {
    for (const text of ['😀😀😀🙏', '灯坏了'.repeat(3400)]) {
      const r = await chat.say('冯磊', text);
      expect(last(chat.textsTo(r, '冯磊')).length).toBeGreaterThan(0);
    }
    expect(await chat.ticketsOf('冯磊')).toHaveLength(0);
  }, 120_000);
});

describe('a traditional-script owner', () => {
  it('gets every message in zh-TW, to the final confirmation, even after replying with a digit', async () => {
    let r = await chat.say('邓军', '廚房水管漏水了，明天下午三點到五點在家');
    const texts = chat.textsTo(r, '邓军');
    expect(last(texts)).toContain('請確認報修');
    r = await chat.say('邓军', '1');
    const done = last(chat.textsTo(r, '邓军'));
    expect(done).toMatch(/已為您登記報修，工單號 BX/);
    expect(done).toContain('15:00-17:00');
    r = await chat.say('邓军', '我要投訴');
    r = [...r, ...(await chat.say('邓军', '3'))];
    for (const t of chat.textsTo(r, '邓军')) expect(t).not.toMatch(/[请们这发说为维]/);
  }, 120_000);
});

describe('answers from the knowledge base', () => {
  it('answers at once, and “人工” opens an inquiry with the question for the front desk', async () => {
    let r = await chat.say('曹洋', '装修需要办什么手续？');
    let text = last(chat.textsTo(r, '曹洋'));
    expect(text).toContain('装饰装修申报表');
    expect(text).toContain('没解决？回复“人工”');
    expect(await chat.ticketsOf('曹洋')).toHaveLength(0);
    r = await chat.say('曹洋', '人工');
    text = last(chat.textsTo(r, '曹洋'));
    expect(text).toMatch(/ZX\d{8}-\d{4}/);
    const [t] = await chat.ticketsOf('曹洋');
    expect(t).toMatchObject({
      kind: 'inquiry',
      description: '装修需要办什么手续？',
      department: 'customer_service',
    });
  }, 120_000);

  it('answers a traditional-script owner in traditional characters', async () => {
    const r = await chat.say('梁芳', '裝修押金要交多少？');
    const text = last(chat.textsTo(r, '梁芳'));
    expect(text).toContain('裝修保證金');
    expect(text).toContain('沒解決？回覆「人工」');
  }, 120_000);
});

describe('questions asked only where needed', () => {
  it('asks which building a lift is in and joins the answer to the place', async () => {
    let r = await chat.say('韩强', '电梯又坏了，按钮没反应');
    expect(last(chat.textsTo(r, '韩强'))).toContain('具体位置');
    r = await chat.say('韩强', '3栋');
    expect(last(chat.textsTo(r, '韩强'))).toMatch(/BX\d{8}-\d{4}/);
    const [t] = await chat.ticketsOf('韩强');
    expect(t).toMatchObject({ scope: 'public', location: '3栋电梯', category: 'elevator' });
  }, 120_000);

  it('keeps the entrance said when it asks for the building (二单元门禁 → 3栋2单元门禁)', async () => {
    let r = await chat.say('周军', '二单元门禁坏了 刷不开');
    expect(last(chat.textsTo(r, '周军'))).toContain('具体位置');
    r = await chat.say('周军', '3栋');
    expect(last(chat.textsTo(r, '周军'))).toMatch(/BX\d{8}-\d{4}/);
    const [t] = await chat.ticketsOf('周军');
    expect(t).toMatchObject({ location: '3栋2单元门禁', category: 'doors' });
  }, 120_000);

  it('keeps a time given at the place question as the time, and asks the place again', async () => {
    let r = await chat.say('黄磊', '电梯门关不上了');
    expect(last(chat.textsTo(r, '黄磊'))).toContain('具体位置');
    r = await chat.say('黄磊', '明天上午');
    expect(last(chat.textsTo(r, '黄磊'))).toContain('具体位置');
    r = await chat.say('黄磊', '5栋');
    expect(last(chat.textsTo(r, '黄磊'))).toMatch(/BX\d{8}-\d{4}/);
    const [t] = await chat.ticketsOf('黄磊');
    expect(t).toMatchObject({ location: '5栋电梯', category: 'elevator' });
  }, 120_000);

  it('shows the way out after two answers that do not fit, and keeps the time said in passing', async () => {
    await chat.say('徐勇', '家里有个东西坏了');
    await chat.say('徐勇', '取消');
    await chat.say('徐勇', '厨房水管漏水了');
    let r = await chat.say('徐勇', '好');
    expect(last(chat.textsTo(r, '徐勇'))).not.toContain('取消');
    r = await chat.say('徐勇', '嗯嗯');
    expect(last(chat.textsTo(r, '徐勇'))).toContain('取消');
    r = await chat.say('徐勇', '取消');
    expect(last(chat.textsTo(r, '徐勇'))).toContain('取消');
  }, 120_000);
});
