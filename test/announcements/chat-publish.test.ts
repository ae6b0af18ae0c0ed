import { Announcement } from '../../src/announcements/model.js';
import { parseNoticeCommand, readAudienceWords, noticeBody } from '../../src/announcements/draft.js';
import { noticeTypeOf } from '../../src/announcements/topics.js';
import { Outbox } from '../../src/notify/outbox.js';
import { Person, Room, Unit } from '../../src/data/models/index.js';
import { last, startChat, type ChatHarness } from '../support/chat.js';

let chat: ChatHarness;
const lastTo = async (from: string, text: string) => last(chat.textsTo(await chat.say(from, text), from));

beforeAll(async () => {
  chat = await startChat();
}, 60_000);
afterAll(() => chat.close());

describe('a zone manager publishes a notice from chat', () => {
  it('reads "发通知 3栋 明天9点到12点停水 管道维修" at once, previews it with its reach, and sends it on "1"', async () => {
    const preview = await lastTo('片区管理员B李娜', '发通知 3栋 明天9点到12点停水 管道维修');
    expect(preview).toContain('【停水通知】3栋停水');
    expect(preview).toContain('09:00-12:00');
    expect(preview).toContain('停水，管道维修');
    expect(preview).not.toContain('明天'); // the window is printed, never a relative day
    const units = await Unit.countDocuments({ building: '3', active: true });
    expect(preview).toContain(`共 ${units} 户`);
    expect(preview).toContain('业主群 1 个');
    expect(await Announcement.countDocuments()).toBe(0); // nothing before the confirmation

    // another time at the preview replaces the window and previews again
    const again = await lastTo('片区管理员B李娜', '明天8点到11点');
    expect(again).toContain('08:00-11:00');
    expect(await lastTo('片区管理员B李娜', '明天9点到12点')).toContain('09:00-12:00');
    const done = await lastTo('片区管理员B李娜', '1');
    expect(done).toContain('已发布');
    const n = await Announcement.findOne({ title: '3栋停水' }).lean();
    expect(n).toMatchObject({
      state: 'published',
      type: 'water_outage',
      scope: 'buildings',
      buildings: ['3'],
    });
    const groupB = await Room.findOne({ topic: '阳光花园B区业主群' }).lean();
    const rows = await Outbox.find({ reason: 'announcement_publish', roomId: groupB!.platformRoomId }).lean();
    expect(rows).toHaveLength(1);
  });

  it('answers an owner of that building asking in traditional script from the new notice', async () => {
    const units = await Unit.find({ building: '3' }, { _id: 1 }).lean();
    const owner = await Person.findOne({
      'units.unitId': { $in: units.map((u) => u._id) },
      roles: 'owner',
    }).lean();
    const answer = await lastTo(owner!.name, '明天會不會停水啊');
    expect(answer).toContain('3棟停水');
    expect(answer).toContain('管道維修');
  });

  it("keeps a zone manager to their zones: another zone's building, or the whole community, is refused", async () => {
    const replies = chat.textsTo(
      await chat.say('片区管理员A王芳', '发通知 3栋 明天上午停水 水箱清洗'),
      '片区管理员A王芳',
    );
    expect(replies.join('\n')).toContain('不在您负责的片区');
    expect(last(replies)).toContain('发给哪些业主');
    expect(await lastTo('片区管理员A王芳', '2栋')).toMatch(/时间：.*\n停水，水箱清洗\n/); // 3栋 is not in the text
    expect(await lastTo('片区管理员A王芳', '全小区')).toContain('不在您负责的片区');
    expect(await lastTo('片区管理员A王芳', '取消')).not.toContain('已发布');
    expect(await Announcement.countDocuments({ body: /水箱清洗/ })).toBe(0);
  });

  it('guides the CS supervisor step by step, with bad answers explained', async () => {
    expect(await lastTo('客服主管周敏', '发通知')).toContain('发给哪些业主');
    expect(await lastTo('客服主管周敏', '隔壁')).toContain('没看懂发送范围');
    expect(await lastTo('客服主管周敏', 'A区')).toContain('什么时间');
    expect(await lastTo('客服主管周敏', '随便')).toContain('没看懂时间段');
    expect(await lastTo('客服主管周敏', '后天下午2点到5点')).toContain('通知内容');
    const preview = await lastTo('客服主管周敏', '電梯維保，請走樓梯');
    expect(preview).toContain('A區電梯維保'); // written in traditional script: the preview answers in it
    expect(await lastTo('客服主管周敏', '发吧')).toContain('回复 1 发布');
    expect(await lastTo('客服主管周敏', '只发群')).toContain('私信业主 0 人');
    expect(await lastTo('客服主管周敏', '好')).toContain('已发布');
    const n = await Announcement.findOne({ type: 'lift_maintenance' }).lean();
    expect(n).toMatchObject({
      scope: 'zones',
      body: '电梯维保，请走楼梯',
      state: 'published',
      notifyOwners: false,
    }); // kept simplified, read in each owner's script
  });

  it('tells a worker the command is not theirs', async () => {
    expect(await lastTo('维修工老张', '发通知 3栋 明天停电')).toContain('片区管理员、客服主管或前台');
  });
});

describe('reading a notice command (pure)', () => {
  it.each([
    ['发通知 3栋 明天9点到12点停水 管道维修', { scope: 'buildings', buildings: ['3'] }, '停水，管道维修'],
    [
      '发布通知 3、4栋 12月5日8:00-18:00 停电 变压器检修',
      { scope: 'buildings', buildings: ['3', '4'] },
      '停电，变压器检修',
    ],
    [
      '发通知 3栋2单元 明天下午2点到5点 电梯维保',
      { scope: 'entrance', building: '3', entrance: '2' },
      '电梯维保',
    ],
    ['发通知 全小区 周六上午 消防演练', { scope: 'community' }, '消防演练'],
    ['发停水通知 5栋 后天', { scope: 'buildings', buildings: ['5'] }, '停水'],
  ])('%s', (text, audience, body) => {
    const { rest } = parseNoticeCommand(text)!;
    const a = readAudienceWords(rest);
    expect(a).toMatchObject(audience);
    expect(noticeBody(rest, a!.matched)).toBe(body);
  });

  it('is not a notice command without the verb at the start', () => {
    expect(parseNoticeCommand('明天停水吗')).toBeUndefined();
    expect(parseNoticeCommand('收到通知了')).toBeUndefined();
  });

  it.each([
    ['停水 管道维修', 'water_outage'],
    ['变压器检修停电', 'power_outage'],
    ['电梯维保', 'lift_maintenance'],
    ['消防演练', 'fire_drill'],
    ['绿化修剪', 'other'],
  ])('types "%s" as %s', (text, type) => expect(noticeTypeOf(text)).toBe(type));
});
