import { DateTime } from 'luxon';
import { Renovation } from '../../src/renovation/model.js';
import { last, startChat, type ChatHarness } from '../support/chat.js';

let chat: ChatHarness;
beforeAll(async () => {
  chat = await startChat();
}, 60_000);
afterAll(async () => chat?.close());

const inDays = (n: number) => DateTime.now().setZone('Asia/Shanghai').plus({ days: n });
const reply = async (who: string, text: string) => last(chat.textsTo(await chat.say(who, text), who));

describe('renovation in chat', () => {
  it('takes an owner’s application step by step, refusing a start less than 7 days ahead', async () => {
    expect(await reply('张伟', '我下个月要装修，怎么申请？')).toContain('装修公司');
    expect(await reply('张伟', '美家装饰公司')).toContain('装修内容');
    expect(await reply('张伟', '厨房和卫生间翻新')).toContain('规模');
    expect(await reply('张伟', '3')).toContain('序号');
    expect(await reply('张伟', '1')).toContain('提前七天');
    const tooSoon = inDays(3);
    expect(await reply('张伟', `${tooSoon.month}月${tooSoon.day}日`)).toContain(inDays(7).toISODate()!);
    expect(await reply('张伟', '过几天')).toContain('没看懂这个日期');
    const start = inDays(10);
    expect(await reply('张伟', start.toISODate()!)).toContain('完工');
    expect(await reply('张伟', '90天')).toContain('最长 60 天');
    expect(await reply('张伟', '45天')).toContain('图纸');
    const summary = await reply('张伟', '没有');
    expect(summary).toContain('美家装饰公司');
    expect(summary).toContain(start.plus({ days: 44 }).toISODate()!);
    const done = await reply('张伟', '确认');
    const id = /RN\d{8}-\d{4}/.exec(done)?.[0];
    expect(id).toBeDefined();
    const doc = (await Renovation.findById(id).lean())!;
    expect(doc).toMatchObject({
      channel: 'chat',
      state: 'submitted',
      company: '美家装饰公司',
      relation: 'owner',
    });
  }, 120_000);

  it('answers in traditional script when asked in it, and tells the allowed hours', async () => {
    expect(await reply('孙艳', '申請裝修')).toMatch(/裝修公司/);
    await reply('孙艳', '取消');
    const hours = await reply('孙艳', '装修几点可以施工？');
    expect(hours).toContain('08:00-12:00, 14:00-18:00');
    expect(hours).toMatch(/現在(不)?是施工時間/); // and whether works may run right now
  }, 60_000);

  it('tells an owner the state of their application', async () => {
    expect(await reply('张伟', '我的装修审批到哪了')).toContain('待审核');
    // 孙艳 wrote traditional characters above: remembered, answered in zh-TW
    expect(await reply('孙艳', '我的装修进度')).toContain('沒有進行中的裝修申請');
  }, 60_000);

  it('takes an extension request and a completion in chat once works run', async () => {
    const doc = (await Renovation.findOne({ company: '美家装饰公司' }).lean())!;
    // before the permit, completion is refused with the state in words
    expect(await reply('张伟', '装修完工了，申请验收')).toContain('待审核');
    await Renovation.updateOne({ _id: doc._id }, { $set: { state: 'in_progress' }, $inc: { version: 1 } });
    expect(await reply('张伟', '装修要延期')).toContain('延期到哪一天');
    const until = DateTime.fromISO(doc.endDate).plus({ days: 10 });
    expect(await reply('张伟', `装修要延期到${until.month}月${until.day}日`)).toContain(until.toISODate()!);
    expect(await reply('张伟', '装修完工了，申请验收')).toContain('竣工验收');
    expect((await Renovation.findById(doc._id).lean())!.state).toBe('awaiting_acceptance');
  }, 60_000);
});
