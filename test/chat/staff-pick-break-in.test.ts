import { Ticket } from '../../src/data/models/index.js';
import { last, startChat, type ChatHarness } from '../support/chat.js';

/**
 * A worker asked which of their orders a verb was for ("退单" → numbered list) who goes on with a
 * command naming an order ("收到 BX…", "BX… 到了"): that command is done, on that order, and the
 * question is dropped. The listed order named with 收到 is accepted, never returned.
 */
let chat: ChatHarness;
beforeAll(async () => {
  chat = await startChat();
}, 60_000);
afterAll(async () => chat?.close());

async function report(owner: string, problem: string): Promise<string> {
  await chat.say(owner, problem);
  await chat.say(owner, '后天上午');
  const r = await chat.say(owner, '1');
  return /BX\d{8}-\d{4}/.exec(chat.textsTo(r, owner).join())![0];
}

describe('a worker going on past a which-order question', () => {
  it('收到 with a listed order’s number accepts it, and the question is gone', async () => {
    const a = await report('张伟', '厨房水管漏水了');
    const b = await report('王芳', '卫生间下水道堵了');
    expect((await Ticket.findOne({ number: b }).lean())!.assigneeName).toBe('维修工老张');
    let r = await chat.say('维修工老张', '退单');
    expect(last(chat.textsTo(r, '维修工老张'))).toContain(a);

    r = await chat.say('维修工老张', `收到 ${a}`);
    expect((await Ticket.findOne({ number: a }).lean())!.state).toBe('accepted');
    expect(chat.textsTo(r, '维修工老张').join()).toContain('已接单');

    // the 退单 question no longer reads the next message
    r = await chat.say('维修工老张', `${b} 收到`);
    expect((await Ticket.findOne({ number: b }).lean())!.state).toBe('accepted');
    expect(chat.textsTo(r, '维修工老张').join()).not.toContain('请回复选项前的数字');
  });

  it('asked twice in vain, is told the way out in a worker’s words, not an owner’s', async () => {
    await report('李娜', '卧室灯不亮了');
    await report('赵敏', '客厅插座没电了');
    await chat.say('维修工小刘', '退单');
    await chat.say('维修工小刘', '人手不够');
    const r = await chat.say('维修工小刘', '忙不过来');
    const reply = last(chat.textsTo(r, '维修工小刘'));
    expect(reply).toContain('取消');
    expect(reply).not.toContain('登记');
  });
});
