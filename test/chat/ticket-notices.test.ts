import { Ticket } from '../../src/data/models/index.js';
import { last, startChat, type ChatHarness } from '../support/chat.js';

const NUMBER = /BX\d{8}-\d{4}/;

/**
 * An open-ended window ("明天下午两点以后在家") reaches every reader as the owner was told it:
 * the owner's confirmation, the worker's new order, the owner's "accepted" notice and the zone
 * manager's details all say "14:00以后", never a bare "14:00" the worker reads as the time to come.
 */
describe('an open-ended appointment, as each reader reads it', () => {
  let chat: ChatHarness;
  beforeAll(async () => {
    chat = await startChat({ dispatch: { mode: 'manual' } });
  }, 60_000);
  afterAll(async () => chat?.close());

  it('keeps "以后" for the owner, the worker and the zone manager', async () => {
    const asked = await chat.say('张伟', '厨房水管漏水了，明天下午两点以后在家');
    expect(last(chat.textsTo(asked, '张伟'))).toMatch(/14:00以后/);
    const confirmed = await chat.say('张伟', '1');
    const number = NUMBER.exec(confirmed.map((r) => r.text).join('\n'))![0];
    const stored = (await Ticket.findOne({ number }).lean())!;
    expect(stored.appointment?.from).toBeTruthy();
    expect(stored.appointment?.to ?? undefined).toBeUndefined();

    const dispatched = await chat.say('片区管理员A王芳', `${number} 派给 老张`);
    const order = chat.textsTo(dispatched, '维修工老张').join('\n');
    expect(order).toMatch(/预约上门：\d{1,2}月\d{1,2}日 14:00以后/);

    const accepted = await chat.say('维修工老张', `接单 ${number}`);
    expect(chat.textsTo(accepted, '张伟').join('\n')).toMatch(/14:00以后/);

    const detail = last(chat.textsTo(await chat.say('片区管理员A王芳', `${number} 详情`), '片区管理员A王芳'));
    expect(detail).toMatch(/预约时间：\d{1,2}月\d{1,2}日 14:00以后/);
  });

  it('reads it in traditional script for a worker or owner who writes it', async () => {
    const asked = await chat.say('张伟', '衛生間水龍頭漏水，明天下午兩點以後在家');
    expect(last(chat.textsTo(asked, '张伟'))).toMatch(/14:00以後/);
  });
});
