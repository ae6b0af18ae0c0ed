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
  });

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
  });

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
  });
});

describe('help, inquiry, suggestion and praise through a question', () => {
  it.each([
    ['3', '我家老人摔倒了，需要帮忙扶一下', 'help', /求助.*QZ\d{8}-\d{4}/s],
    ['4', '请问停车月卡怎么续费', 'inquiry', /ZX\d{8}-\d{4}/],
    ['5', '建议小区多装几个充电桩', 'suggestion', /建议.*JY\d{8}-\d{4}/s],
    ['6', '保洁员胡阿姨每天把楼道打扫得很干净', 'praise', /表扬.*BY\d{8}-\d{4}/s],
  ])('menu %s asks, then registers the %s', async (menu, answer, kind, done) => {
    const who = { '3': '林秀英', '4': '罗霞', '5': '高平', '6': '郑伟' }[menu]!;
    let r = await chat.say(who, menu);
    expect(last(chat.textsTo(r, who))).not.toMatch(/输入有误|null/);
    r = await chat.say(who, answer);
    const text = last(chat.textsTo(r, who));
    expect(text).not.toMatch(/输入有误|null/);
    expect(text).toMatch(done);
    const tickets = await Ticket.find({ reporterName: who }).lean();
    expect(tickets.map((t) => t.kind)).toEqual([kind]);
  });
});
