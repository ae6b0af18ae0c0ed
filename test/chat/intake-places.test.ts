import { last, startChat, type ChatHarness } from '../support/chat.js';

/**
 * The place of a public report is the place words the owner said ("2栋门口", "楼下"), never a
 * word of the problem ("垃圾" of "垃圾桶满了"): without place words the owner is asked, so two
 * bins far apart are not joined as one report at the place "垃圾".
 */
let chat: ChatHarness;
beforeAll(async () => {
  chat = await startChat();
}, 60_000);
afterAll(async () => chat?.close());

describe('the place of a cleaning report', () => {
  it('keeps the building and "门口" of "二号楼门口那个垃圾桶满了"', async () => {
    const r = await chat.say('张伟', '二号楼门口那个垃圾桶满了');
    expect(last(chat.textsTo(r, '张伟'))).toMatch(/工单号 BX/);
    expect((await chat.ticketsOf('张伟'))[0]).toMatchObject({ category: 'garbage', location: '2栋门口' });
  });

  it('asks where a bin is (traditional script) rather than storing "垃圾", and keeps the place said', async () => {
    let r = await chat.say('徐勇', '垃圾桶滿了');
    expect(last(chat.textsTo(r, '徐勇'))).toMatch(/具體位置/);
    expect(await chat.ticketsOf('徐勇')).toEqual([]);
    r = await chat.say('徐勇', '6棟門口');
    expect(last(chat.textsTo(r, '徐勇'))).toMatch(/工單號 BX/);
    expect((await chat.ticketsOf('徐勇'))[0]).toMatchObject({ scope: 'public', location: '6栋门口' });
  });

  it('keeps "楼下" as the place, beside the owner’s own building', async () => {
    const home = (await chat.ticketsOf('孙艳')).length;
    const r = await chat.say('孙艳', '楼下垃圾桶满了');
    expect(last(chat.textsTo(r, '孙艳'))).toMatch(/工单号 BX/);
    const t = (await chat.ticketsOf('孙艳'))[home]!;
    expect(t).toMatchObject({ scope: 'public', category: 'garbage' });
    expect(t.location).toMatch(/^\d{1,2}栋楼下$/);
  });
});
