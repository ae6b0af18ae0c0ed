import { asksAboutPlans, noticeTopics } from '../../src/announcements/chat-answer.js';
import { Person, Unit } from '../../src/data/models/index.js';
import { ADMIN_ACTOR } from '../../src/domain/actor.js';
import { startChat, type ChatHarness } from '../support/chat.js';

let chat: ChatHarness;
const later = (hours: number) => new Date(Date.now() + hours * 3600_000).toISOString();

/** A resident of building `building` (not 张伟). */
async function residentOf(building: string): Promise<string> {
  const units = await Unit.find({ building }, { _id: 1 }).lean();
  const p = await Person.findOne({ 'units.unitId': { $in: units.map((u) => u._id) }, roles: 'owner' }).lean();
  return p!.name;
}

beforeAll(async () => {
  chat = await startChat();
  const publish = async (input: Record<string, unknown>) => {
    const n = await chat.services.announcements.create(ADMIN_ACTOR, input);
    await chat.services.announcements.publish(ADMIN_ACTOR, n.id, {});
  };
  await publish({
    type: 'water_outage',
    title: '1栋二次供水水箱清洗',
    body: '届时1栋全楼停水，请提前储水。',
    scope: 'buildings',
    buildings: ['1'],
    startsAt: later(20),
    endsAt: later(24),
  });
  await publish({
    type: 'lift_maintenance',
    title: '1栋电梯更换钢丝绳',
    body: '期间电梯停运，请走楼梯。',
    scope: 'buildings',
    buildings: ['1'],
    startsAt: later(-1),
    endsAt: later(30),
  });
}, 60_000);
afterAll(() => chat.close());

describe("owners' questions answered from notices", () => {
  it('answers "明天是不是要停水？" with the notice covering the owner’s building', async () => {
    const replies = await chat.say('张伟', '明天是不是要停水？');
    const text = chat.textsTo(replies, '张伟').join('\n');
    expect(text).toContain('1栋二次供水水箱清洗');
    expect(text).toContain('【停水】');
    expect(text).not.toContain('电梯');
    expect(await chat.ticketsOf('张伟')).toHaveLength(0);
  });

  it('answers in traditional script when asked in it ("電梯什麼時候修好")', async () => {
    const replies = await chat.say('张伟', '電梯什麼時候修好');
    const text = chat.textsTo(replies, '张伟').join('\n');
    expect(text).toContain('1棟電梯更換鋼絲繩');
    expect(text).toContain('以下通知');
  });

  it.each(['今天電梯保養嗎', '电梯这两天是不是在维修', '電梯啥時候能用'])(
    'answers "%s" with the lift notice',
    async (question) => {
      const text = chat.textsTo(await chat.say('张伟', question), '张伟').join('\n');
      expect(text).toMatch(/1[栋棟]電?电?梯/);
      expect(await chat.ticketsOf('张伟')).toHaveLength(0);
    },
  );

  it('leaves owners of other buildings to the usual answers (no notice concerns them)', async () => {
    const name = await residentOf('3');
    const replies = await chat.say(name, '今天停电吗');
    expect(replies.map((r) => r.text).join('\n')).not.toMatch(/水箱清洗|钢丝绳/);
  });

  it('tells an owner asking about plans that no notice concerns them, and starts no report', async () => {
    const name = await residentOf('5');
    const text = chat.textsTo(await chat.say(name, '明天停不停水啊'), name).join('\n');
    expect(text).toContain('目前没有涉及您房屋的停水通知');
    expect(await chat.ticketsOf(name)).toHaveLength(0);
    const next = chat.textsTo(await chat.say(name, '取消'), name).join('\n');
    expect(next).not.toContain('已取消'); // no flow was begun
  });

  it('does not take a report for a question: "厨房水管漏水了" still starts a repair', async () => {
    const replies = await chat.say('张伟', '厨房水管漏水了');
    expect(chat.textsTo(replies, '张伟').join('\n')).not.toContain('水箱清洗');
    await chat.say('张伟', '取消');
  });
});

describe('asksAboutPlans', () => {
  it.each([
    ['明天停不停水啊', true],
    ['这周有没有停电计划', true],
    ['今天电梯保养吗', true],
    ['怎么没水了', false],
    ['今天怎么停电了', false],
    ['电梯是不是坏了', false],
  ])('%s → %s', (text, plans) => expect(asksAboutPlans(text)).toBe(plans));
});

describe('noticeTopics', () => {
  it.each([
    ['明天是不是要停水？', ['water_outage']],
    ['今天停电吗', ['power_outage']],
    ['电梯什么时候修好', ['lift_maintenance']],
    ['消防演练几点开始', ['fire_drill']],
    ['最近有什么通知吗', ['any']],
    ['今天电梯保养吗', ['lift_maintenance']],
    ['明天停不停水', ['water_outage']],
    ['怎么没水了', ['water_outage']],
    ['水什么时候来', ['water_outage']],
    ['电梯什么时候恢复', ['lift_maintenance']],
    ['电什么时候恢复', ['power_outage']],
    ['Is there a water outage tomorrow?', ['water_outage']],
    ['有停电通知吗', ['power_outage', 'any']],
    ['停水了', []],
    ['厨房水管漏水了', []],
  ])('%s → %j', (text, topics) => {
    expect(noticeTopics(text)).toEqual(topics);
  });
});
