import { Patrol, Ticket } from '../../src/data/models/index.js';
import { parsePatrolCommand } from '../../src/patrols/chat/patrol-command.js';
import { areaAnswer } from '../../src/patrols/chat/patrol-flow.js';
import { startChat, type ChatHarness } from '../support/chat.js';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

describe('patrol command and answers (pure)', () => {
  it('reads the verbs, the kind asked for and a zone, and leaves sentences alone', () => {
    expect(parsePatrolCommand('巡查')).toEqual({ kind: undefined, rest: '' });
    expect(parsePatrolCommand('小组巡检 A区')).toEqual({ kind: 'team', rest: 'A区' });
    expect(parsePatrolCommand('巡查 B区 小组')).toEqual({ kind: 'team', rest: 'B区' });
    expect(parsePatrolCommand('主管巡检')).toMatchObject({ kind: 'supervisor' });
    expect(parsePatrolCommand('patrol')).toMatchObject({ rest: '' });
    expect(parsePatrolCommand('patrolling')).toBeUndefined();
    expect(parsePatrolCommand('巡查的时候发现3栋楼道的灯坏了好几天了没人管')).toBeUndefined();
  });

  it('takes 1 / 正常 as in order and a few words as a problem, handled on the spot or not', () => {
    expect(areaAnswer.parse('正常')).toEqual({ ok: true });
    expect(areaAnswer.parse('1')).toEqual({ ok: true });
    expect(areaAnswer.parse('消防通道堆了纸箱')).toEqual({
      ok: false,
      note: '消防通道堆了纸箱',
      handled: false,
    });
    expect(areaAnswer.parse('路灯坏了 已处理')).toMatchObject({ ok: false, handled: true });
    expect(areaAnswer.safeParse('？').success).toBe(false);
  });
});

describe('patrol in chat', () => {
  let chat: ChatHarness;
  beforeAll(async () => {
    chat = await startChat();
  }, 60_000);
  afterAll(async () => chat?.close());

  it('walks the zone manager through the checklist, takes a photo and makes a ticket of the problem', async () => {
    const manager = '片区管理员A王芳';
    let r = await chat.say(manager, '巡查');
    expect(chat.textsTo(r, manager).join('\n')).toContain('【安全】');
    r = await chat.say(manager, '正常');
    expect(chat.textsTo(r, manager).join('\n')).toContain('【环境】');
    await chat.say(manager, '', { image: PNG });
    r = await chat.say(manager, '嗯');
    expect(chat.textsTo(r, manager).join('\n')).toContain('请回复 1 表示正常');
    r = await chat.say(manager, '1栋門口垃圾桶滿了沒人清');
    expect(chat.textsTo(r, manager).join('\n')).toContain('【設施】');
    r = await chat.say(manager, '2栋路灯不亮，已处理');
    const done = chat.textsTo(r, manager).join('\n');
    expect(done).toMatch(/已记录 A区 每日巡视：\n安全：正常\n环境：有问题，已生成工单 BX/);
    const number = /BX\d{8}-\d{4}/.exec(done)![0];
    const ticket = await Ticket.findOne({ number }).lean();
    expect(ticket).toMatchObject({ department: 'cleaning', scope: 'public' });
    expect(ticket!.description).toContain('1栋門口垃圾桶滿了沒人清');
    const patrol = await Patrol.findOne({ byName: manager }).lean();
    expect(patrol!.items.map((i) => [i.area, i.ok])).toEqual([
      ['safety', true],
      ['environment', false],
      ['facilities', false],
    ]);
    expect(patrol!.photos).toHaveLength(1);
  });

  it('asks the supervisor which zone, refuses an unknown one and tells owners patrols are not theirs', async () => {
    const sup = '客服主管周敏';
    let r = await chat.say(sup, '巡查');
    expect(chat.textsTo(r, sup).join('\n')).toContain('巡查哪个片区？（A区、B区、C区）');
    r = await chat.say(sup, 'Z区');
    expect(chat.textsTo(r, sup).join('\n')).toContain('没有找到这个片区');
    r = await chat.say(sup, 'b区');
    expect(chat.textsTo(r, sup).join('\n')).toContain('【安全】');
    await chat.say(sup, '取消');
    r = await chat.say('片区管理员A王芳', '巡查 B区');
    expect(chat.textsTo(r, '片区管理员A王芳').join('\n')).toContain('B区 不是您负责的片区');
    r = await chat.say('维修工老张', '巡查');
    expect(chat.textsTo(r, '维修工老张').join('\n')).toContain('巡查由片区管理员');
  });
});
