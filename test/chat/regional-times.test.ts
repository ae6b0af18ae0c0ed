import { startChat, type ChatHarness } from '../support/chat.js';

let chat: ChatHarness;
beforeAll(async () => {
  chat = await startChat();
}, 60_000);
afterAll(async () => chat?.close());

const text = (r: Array<{ text: string }>) => r.map((x) => x.text).join('\n');

describe('an appointment in Cantonese words', () => {
  it('is read at the time question (聽日下晝兩點半)', async () => {
    const asked = await chat.say('曹洋', '冷氣機一直滴水');
    expect(text(asked)).toMatch(/什麼時候上門|什么时候上门/);
    const summary = text(await chat.say('曹洋', '聽日下晝兩點半'));
    expect(summary).toMatch(/14:30-15:30/);
    await chat.say('曹洋', '取消');
  });

  it('is kept from the first message (後日朝早10點嚟得唔得)', async () => {
    const summary = text(await chat.say('宋敏', '廁所水箱漏水 後日朝早10點嚟得唔得'));
    expect(summary).toMatch(/10:00-11:00/);
    await chat.say('宋敏', '取消');
  });
});
