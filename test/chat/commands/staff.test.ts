import { Ticket } from '../../../src/data/models/index.js';
import { parseStaffCommand } from '../../../src/chat/commands/staff.js';
import { last, startChat, type ChatHarness } from '../../support/chat.js';

describe('parseStaffCommand: assigning and the number first', () => {
  it.each([
    ['派给 老张', { verb: 'assign', rest: '老张' }],
    ['这个单子转给孙师傅吧', { verb: 'assign', rest: '孙师傅吧' }],
    // the number first reads like everyday words: never a step's interruption (loose)
    ['BX20261203-0004，派给老张', { verb: 'assign', number: 'BX20261203-0004', rest: '老张', loose: true }],
    ['bx20261203-0004 接单', { verb: 'accept', number: 'BX20261203-0004', rest: '', loose: true }],
  ])('reads %s', (text, expected) => {
    expect(parseStaffCommand(text)).toEqual({ number: undefined, ...expected });
  });
});

describe('a worker hands their one order to a colleague with 转给', () => {
  let chat: ChatHarness;
  beforeAll(async () => {
    chat = await startChat();
  }, 60_000);
  afterAll(async () => chat?.close());

  it('transfers it without a number, and accepts with the number first', async () => {
    const r0 = await chat.say('张伟', '楼道里的感应灯坏了，1栋1单元', { room: '阳光花园A区业主群' });
    const number = /BX\d{8}-\d{4}/.exec(r0.map((x) => x.text).join('\n'))![0];
    const worker = (await Ticket.findOne({ number }).lean())!.assigneeName!;
    const colleague = worker === '维修工孙师傅' ? '老张' : '孙师傅';
    const r = await chat.say(worker, `转给${colleague} 我今天在别的片区`);
    expect(last(chat.textsTo(r, worker))).toMatch(new RegExp(`${number} 已交给 维修工${colleague}`));
    const r2 = await chat.say(`维修工${colleague}`, `${number} 接单`);
    expect(last(chat.textsTo(r2, `维修工${colleague}`))).toMatch(/已接单/);
  });
});
