import { createCalendar } from '../../src/app.js';
import { Conversation } from '../../src/data/models/index.js';
import { Outbox, OutboxNotifier } from '../../src/notify/outbox.js';
import type { JobContext } from '../../src/scheduler/context.js';
import { unconfirmedDrafts } from '../../src/scheduler/jobs/unconfirmed-drafts.js';
import { silentLog } from '../support/fixtures.js';
import { last, startChat, type ChatHarness } from '../support/chat.js';

const MINUTE = 60_000;
let chat: ChatHarness;
beforeAll(async () => {
  chat = await startChat();
}, 60_000);
afterAll(async () => chat?.close());

/** The job as the scheduler runs it, at a chosen moment. */
const runAt = async (at: Date) => {
  const { config } = chat.services;
  const ctx: JobContext = {
    config,
    calendar: createCalendar(config),
    log: silentLog,
    tickets: chat.services.tickets,
    notifier: new OutboxNotifier({ quietStart: 0, quietEnd: 1, timezone: config.timezone }, silentLog),
    now: () => at,
  };
  return unconfirmedDrafts.run(ctx, async () => true);
};

/** Leaves `name` at the repair summary in a direct chat; returns their conversation. */
async function atSummary(name: string, report: string, time = '后天上午') {
  await chat.say(name, report);
  const r = await chat.say(name, time);
  expect(last(chat.textsTo(r, name))).toMatch(/请确认报修信息|請確認報修資訊|请确认|請確認/);
  const conv = await Conversation.findOne({ key: new RegExp(`:dm:`), flow: 'repair', step: 'confirm' })
    .sort({ updatedAt: -1 })
    .lean();
  return { ...conv!, _id: String(conv!._id) };
}

/** Moves the conversation's expiry (as if the owner had been silent meanwhile). */
const expireAt = (id: string, at: Date) => Conversation.updateOne({ _id: id }, { $set: { expiresAt: at } });

const toldOwner = (key: string, id: string) =>
  Outbox.find({ _id: new RegExp(`^draft:${key}:${id}:`) })
    .sort({ order: -1 })
    .lean();

describe('an owner who never confirms the summary', () => {
  it('is reminded once after a silence, and again only after a new silence', async () => {
    const conv = await atSummary('张伟', '卫生间马桶一直漏水');
    const expires = conv.expiresAt.getTime();
    const idle = chat.services.config.bot.flowIdleTimeout;
    expect(await runAt(new Date(expires - idle + 2 * MINUTE))).toBe(0); // too soon
    expect(await runAt(new Date(expires - idle + 11 * MINUTE))).toBe(1);
    expect(await runAt(new Date(expires - idle + 12 * MINUTE))).toBe(0); // once
    const [row] = await toldOwner('flow.draft.reminder', conv._id);
    expect(row!.text).toContain('还没有提交');
    expect(row!.text).toContain('马桶');
    expect(row!.contactId).toBeTruthy();
    await chat.say('张伟', '取消');
  });

  it('is told at expiry that the draft was kept, and a later 确认 registers it', async () => {
    const conv = await atSummary('冯磊', '阳台水龙头关不紧，一直滴水');
    const expired = new Date(Date.now() - MINUTE);
    await expireAt(conv._id, expired);
    expect(await runAt(new Date())).toBe(1);
    const [row] = await toldOwner('flow.draft.kept', conv._id);
    expect(row!.text).toMatch(/还没有登记[\s\S]*保留 24 小时/);
    expect(await runAt(new Date())).toBe(0);

    const r = await chat.say('冯磊', '确认');
    expect(last(chat.textsTo(r, '冯磊'))).toMatch(/已为您登记报修，工单号 BX/);
    expect(await chat.ticketsOf('冯磊')).toHaveLength(1);
    expect(await Conversation.exists({ _id: conv._id })).toBeNull();
  });

  it('confirming an expired draft before the job ran still registers it', async () => {
    const conv = await atSummary('韩强', '卧室窗户玻璃裂了');
    await expireAt(conv._id, new Date(Date.now() - 5 * MINUTE));
    const r = await chat.say('韩强', '1');
    expect(last(chat.textsTo(r, '韩强'))).toMatch(/工单号 BX/);
    expect(await chat.ticketsOf('韩强')).toHaveLength(1);
  });

  it('a kept draft whose time has passed asks the time again before registering', async () => {
    const conv = await atSummary('郭明', '厨房灯不亮了', '今天晚上11点以后');
    await Conversation.updateOne(
      { _id: conv._id },
      {
        $set: {
          'data.appointment': { from: new Date(Date.now() - 60 * MINUTE).toISOString() },
          expiresAt: new Date(Date.now() - MINUTE),
        },
      },
    );
    let r = await chat.say('郭明', '确认');
    expect(chat.textsTo(r, '郭明').join('\n')).toMatch(/时间已经过了[\s\S]*什么时候上门/);
    expect(await chat.ticketsOf('郭明')).toHaveLength(0);
    r = await chat.say('郭明', '后天下午');
    expect(last(chat.textsTo(r, '郭明'))).toContain('请确认报修信息');
    r = await chat.say('郭明', '确认');
    expect(last(chat.textsTo(r, '郭明'))).toMatch(/工单号 BX/);
  });

  it('after expiry: a new report goes first and the draft after it; words it cannot read show it again', async () => {
    const conv = await atSummary('张伟', '阳台水管漏水了');
    await expireAt(conv._id, new Date(Date.now() - MINUTE));
    await runAt(new Date());
    const before = (await chat.ticketsOf('张伟')).length;
    // 我的报修 is answered and the draft stays; so does a word the desk cannot read
    await chat.say('张伟', '我的报修');
    let r = await chat.say('张伟', '嗯嗯那个呢');
    expect(last(chat.textsTo(r, '张伟'))).toMatch(/还保留着[\s\S]*请确认报修信息[\s\S]*阳台水管/);
    r = await chat.say('张伟', '客厅插座没电了');
    expect(last(chat.textsTo(r, '张伟'))).not.toContain('请确认报修信息');
    expect(await Conversation.findById(conv._id).lean()).toMatchObject({
      step: expect.not.stringMatching(/^confirm$/),
    });
    expect(await chat.ticketsOf('张伟')).toHaveLength(before);
    // the kept draft is not lost: it is begun again once the new report is registered
    await chat.say('张伟', '明天上午');
    r = await chat.say('张伟', '确认');
    expect(chat.textsTo(r, '张伟').join('\n')).toMatch(
      /工单号 BX[\s\S]*接着登记您刚才说的：“阳台水管漏水了”/,
    );
    expect(await chat.ticketsOf('张伟')).toHaveLength(before + 1);
    await chat.say('张伟', '取消');
  });

  it('a kept draft is registered by a confirmation in a few more words', async () => {
    const conv = await atSummary('韩强', '书房门把手掉了');
    await expireAt(conv._id, new Date(Date.now() - MINUTE));
    const r = await chat.say('韩强', '好的 确认一下');
    expect(last(chat.textsTo(r, '韩强'))).toMatch(/工单号 BX/);
    const complaint = await chat.say('徐勇', '我要投诉 保安态度很差');
    expect(last(chat.textsTo(complaint, '徐勇'))).toContain('涉及哪位员工');
    await chat.say('徐勇', '跳过');
    const done = await chat.say('徐勇', '確定提交');
    expect(last(chat.textsTo(done, '徐勇'))).toMatch(/投訴已登記|投诉已登记/);
  });

  it('one who stopped before the summary hears once that nothing was registered', async () => {
    await chat.say('韩强', '主卧的窗户把手断了');
    const conv = await Conversation.findOne({
      flow: 'repair',
      step: 'time',
      'data.description': /把手/,
    }).lean();
    const id = String(conv!._id);
    expect(await runAt(new Date())).toBe(0); // still under way
    await expireAt(id, new Date(Date.now() - MINUTE));
    expect(await runAt(new Date())).toBe(1);
    expect(await runAt(new Date())).toBe(0);
    const [row] = await toldOwner('flow.draft.abandoned', id);
    expect(row!.text).toMatch(/把手断了.*没有登记/);
    expect(await Conversation.exists({ _id: id })).toBeNull();
  });

  it('is told in traditional script when they wrote in it', async () => {
    await chat.say('冯磊', '廚房水槽堵住了，水下不去');
    const r = await chat.say('冯磊', '明天上午');
    expect(last(chat.textsTo(r, '冯磊'))).toMatch(/確認/);
    const conv = await Conversation.findOne({
      flow: 'repair',
      step: 'confirm',
      'data.__lng': 'zh-TW',
    }).lean();
    const id = String(conv!._id);
    await expireAt(id, new Date(Date.now() - MINUTE));
    await runAt(new Date());
    const [row] = await toldOwner('flow.draft.kept', id);
    expect(row!.text).toContain('還沒有送出');
  });
});
