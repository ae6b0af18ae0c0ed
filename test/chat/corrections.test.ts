import { last, startChat, type ChatHarness } from '../support/chat.js';

/**
 * "不对，是卫生间的灯，不是厨房" while a report is being registered corrects that report: one
 * ticket, with the correction beside the first wording and its topic read again; never kept as a
 * second problem registered after it.
 */
let chat: ChatHarness;
beforeAll(async () => {
  chat = await startChat();
}, 60_000);
afterAll(async () => chat?.close());

describe('an owner correcting the report being registered', () => {
  it('at the time question: one ticket, corrected', async () => {
    await chat.say('张伟', '厨房的灯闪个不停');
    let r = await chat.say('张伟', '不对，是卫生间的灯，不是厨房');
    let reply = last(chat.textsTo(r, '张伟'));
    expect(reply).toContain('更正');
    expect(reply).toContain('什么时候上门');
    expect(reply).not.toContain('记下了');
    r = await chat.say('张伟', '明天晚上');
    reply = last(chat.textsTo(r, '张伟'));
    expect(reply).toContain('卫生间');
    r = await chat.say('张伟', '1');
    expect(chat.textsTo(r, '张伟').join('\n')).not.toContain('接着登记');
    const tickets = await chat.ticketsOf('张伟');
    expect(tickets).toHaveLength(1);
    expect(tickets[0]!.description).toBe('厨房的灯闪个不停；不对，是卫生间的灯，不是厨房');
    expect(tickets[0]!.category).toBe('electrical');
  });

  it('at the summary, in traditional script, the topic read again', async () => {
    await chat.say('李娜', '客廳的燈不亮了');
    let r = await chat.say('李娜', '明天上午');
    expect(last(chat.textsTo(r, '李娜'))).toContain('電路');
    r = await chat.say('李娜', '說錯了，是廚房水管漏水');
    const reply = last(chat.textsTo(r, '李娜'));
    expect(reply).toContain('廚房水管漏水');
    expect(reply).toContain('水管');
    await chat.say('李娜', '1');
    const tickets = await chat.ticketsOf('李娜');
    expect(tickets).toHaveLength(1);
    expect(tickets[0]!.category).toBe('plumbing');
  });

  it('in English', async () => {
    await chat.say('赵敏', 'the kitchen light keeps flickering');
    const r = await chat.say('赵敏', 'sorry, I mean the bathroom light');
    const reply = last(chat.textsTo(r, '赵敏'));
    expect(reply).toContain('corrected');
    expect(reply).not.toContain('Noted');
  });
});
