import type { InboundMessage } from '../../src/chat/types.js';
import { MessageLog } from '../../src/data/models/index.js';
import { Outbox } from '../../src/notify/outbox.js';
import { startChat, type ChatHarness } from '../support/chat.js';

let chat: ChatHarness;
beforeAll(async () => {
  chat = await startChat();
}, 60_000);
afterAll(async () => chat?.close());

const message = (over: Partial<InboundMessage>): InboundMessage => ({
  id: `p-${Math.random().toString(16).slice(2)}`,
  platform: 'mock',
  talkerId: 'demo-13800138001',
  talkerName: '王芳',
  type: 'text',
  text: '你好',
  mentionSelf: false,
  mentionIds: [],
  self: false,
  at: new Date(),
  ...over,
});

describe('the inbound pipeline', () => {
  it('ignores the bot’s own messages and messages older than the configured age, answering nothing', async () => {
    const own = message({ self: true });
    const old = message({ at: new Date(Date.now() - 3_600_000) });
    expect(await chat.desk.pipeline.handle(own)).toBe('ignored');
    expect(await chat.desk.pipeline.handle(old)).toBe('stale');
    expect(await Outbox.countDocuments({ causeId: { $in: [own.id, old.id] } })).toBe(0);
    expect(
      await MessageLog.countDocuments({ platformMessageId: { $in: [`mock:${own.id}`, `mock:${old.id}`] } }),
    ).toBe(0);
  });

  it('logs and apologises when handling fails unexpectedly, and keeps working', async () => {
    await chat.say('王芳', '卫生间漏水了');
    const broken = message({
      type: 'image',
      text: '',
      image: () => Promise.reject(new Error('download failed')),
    });
    expect(await chat.desk.pipeline.handle(broken)).toBe('error');
    await chat.desk.sender.settled(broken.id, 5000);
    const [apology] = await chat.desk.repliesTo(broken.id);
    expect(apology?.text).toContain('抱歉，系统刚才出了点问题');
    const next = await chat.say('王芳', '尽快');
    expect(chat.textsTo(next, '王芳').at(-1)).toContain('请确认报修信息');
  });
});
