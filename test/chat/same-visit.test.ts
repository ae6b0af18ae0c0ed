import { last, startChat, type ChatHarness } from '../support/chat.js';

/**
 * "同一时间" / "跟刚才一样" / "same time" at the time question of a report registered right after
 * another one ("还有卫生间的排气扇也不转了"): the visit agreed for the owner's last open order.
 */
let chat: ChatHarness;
beforeAll(async () => {
  chat = await startChat();
}, 60_000);
afterAll(async () => chat?.close());

describe('the second problem, at the same time as the first', () => {
  it.each([
    ['张伟', '同一时间'],
    ['李娜', '跟刚才一样的时间吧'],
    ['赵敏', 'same time please'],
  ])('%s: “%s” takes the first order’s visit', async (owner, said) => {
    await chat.say(owner, '卧室空调不制冷了');
    await chat.say(owner, '后天上午10点');
    await chat.say(owner, '还有卫生间的排气扇也不转了');
    let r = await chat.say(owner, '1');
    expect(last(chat.textsTo(r, owner))).toMatch(/什么时候上门|When should/);
    r = await chat.say(owner, said);
    const reply = last(chat.textsTo(r, owner));
    expect(reply).toMatch(/请确认报修信息|Please confirm/);
    expect(reply).toMatch(/10:00.11:00/);
    await chat.say(owner, '1');
    const tickets = await chat.ticketsOf(owner);
    expect(tickets).toHaveLength(2);
    const visits = tickets.map((t) => (t.appointment as { from: Date }).from.getTime());
    expect(visits[0]).toBe(visits[1]);
  });

  it('with no open order to go by, asks again', async () => {
    await chat.say('刘静', '阳台灯不亮了');
    const r = await chat.say('刘静', '同一时间');
    expect(last(chat.textsTo(r, '刘静'))).toContain('没看懂这个时间');
  });
});
