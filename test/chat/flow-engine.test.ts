import { Conversation } from '../../src/data/models/index.js';
import { last, startChat, type ChatHarness } from '../support/chat.js';

let chat: ChatHarness;
beforeAll(async () => {
  chat = await startChat({ bot: { flowIdleTimeout: '2s' } });
}, 60_000);
afterAll(async () => chat?.close());

describe('flow state', () => {
  it('keeps one versioned conversation per chat and sender while a flow runs', async () => {
    await chat.say('韩强', '卧室窗户玻璃裂了');
    const conv = await Conversation.findOne({ key: /:dm:/, flow: 'repair' }).lean();
    expect(conv).toMatchObject({ step: 'time', version: 1 });
    expect(conv!.expiresAt.getTime()).toBeGreaterThan(Date.now());
  });

  it('abandons a flow left idle longer than the configured time', async () => {
    await new Promise((r) => setTimeout(r, 2200));
    const r = await chat.say('韩强', '明天下午3点');
    // the old question is gone: the time alone is not a report
    expect(last(chat.textsTo(r, '韩强'))).not.toContain('请确认报修信息');
    expect(await chat.ticketsOf('韩强')).toHaveLength(0);
  });

  it('answers 帮助 inside a flow with the help and the same question again', async () => {
    await chat.say('冯磊', '厨房水龙头坏了');
    const r = await chat.say('冯磊', '帮助');
    const text = last(chat.textsTo(r, '冯磊'));
    expect(text).toContain('取消');
    expect(text).toContain('什么时候上门');
  });
});
