import { Ticket } from '../../src/data/models/index.js';
import { last, startChat, type ChatHarness } from '../support/chat.js';

/**
 * What an owner says just after a report was registered, when it is no new problem: a bare "yes"
 * to a question no longer asked is not added to the order (nor sent to the worker), and a time
 * ("不对，改成明天上午") is passed on as the owner's wish for the visit, and said so.
 */
let chat: ChatHarness;
beforeAll(async () => {
  chat = await startChat();
}, 60_000);
afterAll(async () => chat?.close());

describe('said just after a report was registered', () => {
  it('a bare yes is acknowledged with the order, not added to it', async () => {
    let r = await chat.say('徐勇', '厕所马桶堵了，水漫出来了');
    const number = /BX\d{8}-\d{4}/.exec(chat.textsTo(r, '徐勇').join())?.[0];
    expect(number).toBeDefined();

    for (const yes of ['确认', '對', 'ok 提交', '1']) {
      r = await chat.say('徐勇', yes);
      const reply = last(chat.textsTo(r, '徐勇'));
      expect(reply).toContain(number);
      expect(reply).not.toContain('补充');
      expect(chat.textsTo(r, '维修工老张')).toHaveLength(0);
    }
    const t = await Ticket.findOne({ number }).lean();
    expect(t!.description).toBe('厕所马桶堵了，水漫出来了');
  });

  it('a time is passed on as the wished visit, and the owner told the worker will call to agree it', async () => {
    await chat.say('张伟', '卧室插座没电了');
    await chat.say('张伟', '后天上午');
    let r = await chat.say('张伟', '1');
    const number = /BX\d{8}-\d{4}/.exec(chat.textsTo(r, '张伟').join())?.[0];
    expect(number).toBeDefined();

    r = await chat.say('张伟', '不对，改成明天下午吧');
    const reply = last(chat.textsTo(r, '张伟'));
    expect(reply).toContain(number);
    expect(reply).toContain('改成明天下午');
    expect(reply).not.toContain('如果是新的问题');
    const t = await Ticket.findOne({ number }).lean();
    expect(t!.description).toContain('改成明天下午');
  });

  it('a message naming the owner’s order is about that order, never a new report', async () => {
    await chat.say('李娜', '阳台晾衣架摇不下来了');
    await chat.say('李娜', '周日上午');
    let r = await chat.say('李娜', '1');
    const number = /BX\d{8}-\d{4}/.exec(chat.textsTo(r, '李娜').join())![0];

    r = await chat.say('李娜', `${number} 能改到下周一下午吗`);
    let reply = last(chat.textsTo(r, '李娜'));
    expect(reply).toContain(number);
    expect(reply).toContain('联系您确认时间');
    r = await chat.say('李娜', `${number}，师傅来之前先打电话，家里有狗`);
    reply = last(chat.textsTo(r, '李娜'));
    expect(reply).toContain(number);
    expect(reply).not.toContain('什么时候上门');
    const worker = (await Ticket.findOne({ number }).lean())!.assigneeName!;
    expect(chat.textsTo(r, worker).join()).toContain('家里有狗');
    expect(await chat.ticketsOf('李娜')).toHaveLength(1);
    const t = await Ticket.findOne({ number }).lean();
    expect(t!.description).toContain('下周一下午');
  });
});
