import { Person } from '../../src/data/models/index.js';
import { last, startChat, type ChatHarness } from '../support/chat.js';

const GROUP = '阳光花园B区业主群';
let chat: ChatHarness;
beforeAll(async () => {
  chat = await startChat();
}, 60_000);
afterAll(async () => chat?.close());

describe("owners' group intake without @ or trigger words", () => {
  it('picks up a car blocking the fire passage as a request and dispatches it to security', async () => {
    const r = await chat.say('陈丽', '4栋门口有辆车乱停，堵住消防通道了', { room: GROUP });
    expect(r.some((x) => x.room === GROUP && /QZ\d{8}-\d{4}/.test(x.text))).toBe(true);
    expect(await chat.ticketsOf('陈丽')).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'help', department: 'security' })]),
    );
  });

  it('registers a public repair reported in the group without any trigger word', async () => {
    const r = await chat.say('陈丽', '5栋的楼道窗户玻璃碎了一地，小孩别过去', { room: GROUP });
    expect(r.some((x) => x.room === GROUP && /BX\d{8}-\d{4}/.test(x.text))).toBe(true);
    expect(await chat.ticketsOf('陈丽')).toEqual(
      expect.arrayContaining([expect.objectContaining({ category: 'doors', scope: 'public' })]),
    );
  });

  it('answers "进度 <number>" said in the group without @, privately', async () => {
    const [t] = await chat.ticketsOf('陈丽');
    const r = await chat.say('陈丽', `进度 ${t!.number}`, { room: GROUP });
    expect(r.some((x) => x.room === GROUP)).toBe(false);
    expect(last(chat.textsTo(r, '陈丽'))).toContain(t!.number);
  });

  it.each([
    '今晚有人一起打羽毛球吗',
    '哈哈哈',
    '谁家的快递拿错了，我这有一个不是我的',
    '[强]',
    '13812345678',
  ])('leaves chatter alone: %s', async (text) => {
    expect(await chat.say('杨强', text, { room: GROUP })).toHaveLength(0);
  });

  it('answers nonsense in a direct chat without making a ticket', async () => {
    for (const text of ['asdfgh', '😂😂😂', '好的谢谢']) {
      const r = await chat.say('黄磊', text);
      expect(last(chat.textsTo(r, '黄磊'))).not.toMatch(/[A-Z]{2}\d{8}-\d{4}/);
    }
    expect(await chat.ticketsOf('黄磊')).toHaveLength(0);
  });
});

describe('a report begun in the group and confirmed privately', () => {
  it('is acknowledged in the group in the group’s language, whatever the owner reads privately', async () => {
    await Person.updateOne({ name: '马杰' }, { $set: { language: 'en' } });
    let r = await chat.say('马杰', '我家厨房水管漏水了，麻烦尽快', { room: GROUP, mentionBot: true });
    expect(r.some((x) => x.room === GROUP)).toBe(true);
    r = await chat.say('马杰', 'yes');
    const ack = r.find((x) => x.room === GROUP);
    expect(ack?.text).toMatch(/BX\d{8}-\d{4}/);
    expect(ack?.text).toContain('已为您登记');
    // the owner's own answer stays in the language they read
    expect(last(chat.textsTo(r, '马杰'))).toContain('registered');
  });
});
