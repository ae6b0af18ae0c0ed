import { DateTime } from 'luxon';
import { Person, Unit } from '../../src/data/models/index.js';
import { Renovation } from '../../src/renovation/model.js';
import { parseRenovationCommand } from '../../src/renovation/chat-words.js';
import { last, startChat, type ChatHarness } from '../support/chat.js';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

describe('staff renovation commands (pure matcher)', () => {
  it.each([
    ['装修审批 RN20261202-0001 同意', { kind: 'review', id: 'RN20261202-0001', decision: 'approve' }],
    [
      '装修审批 RN20261202-0001 退回 图纸缺少水电走向',
      { kind: 'review', id: 'RN20261202-0001', decision: 'changes', note: '图纸缺少水电走向' },
    ],
    ['装修审批rn20261202-0002不同意，缺图纸', { kind: 'review', decision: 'changes', note: '缺图纸' }],
    ['装修审批 同意', { kind: 'review', id: undefined, decision: 'approve' }],
    ['renovation review RN20261202-0001 approve', { kind: 'review', decision: 'approve' }],
    ['装修巡检 RN20261202-0001 正常', { kind: 'inspect', result: 'ok' }],
    [
      '装修巡检 RN20261202-0001 第2、5项 垃圾堆在楼道',
      { kind: 'inspect', failed: [2, 5], note: '垃圾堆在楼道' },
    ],
    [
      '装修巡检 RN20261202-0001 违规 中午还在电钻',
      { kind: 'inspect', result: 'violation', note: '中午还在电钻' },
    ],
    ['装修巡检', { kind: 'inspect' }],
  ])('reads %s', (text, expected) => {
    expect(parseRenovationCommand(text)).toMatchObject(expected);
  });

  it.each(['装修几点可以施工', '我要申请装修', '巡检', '审批'])('leaves %s to others', (text) => {
    expect(parseRenovationCommand(text)).toBeUndefined();
  });
});

describe('renovation approval and inspection in chat', () => {
  let chat: ChatHarness;
  beforeAll(async () => {
    chat = await startChat();
  }, 60_000);
  afterAll(async () => chat?.close());

  const texts = async (who: string, text: string, to = who, opts = {}) =>
    chat.textsTo(await chat.say(who, text, opts), to);
  const reply = async (who: string, text: string) => last(await texts(who, text));
  const start = DateTime.now().setZone('Asia/Shanghai').plus({ days: 10 }).toISODate()!;
  const end = DateTime.now().setZone('Asia/Shanghai').plus({ days: 40 }).toISODate()!;

  /** An application registered at the desk for `name`'s first unit. */
  async function applyFor(name: string, company: string) {
    const person = (await Person.findOne({ name }).lean())!;
    const desk = await chat.services.directory.actorForPerson(
      String((await Person.findOne({ name: '前台小林' }).lean())!._id),
    );
    const unitId = String(person.units.find((u) => u.relation === 'owner')!.unitId);
    return chat.services.renovations.apply(
      desk,
      { unitId, applicantId: String(person._id), company, scope: '厨房翻新', startDate: start, endDate: end },
      'desk',
    );
  }

  it('takes both reviews in chat, the applicant told in their script', async () => {
    // 孙艳 writes traditional characters: remembered, so her notices come in zh-TW
    await reply('孙艳', '申請裝修');
    await reply('孙艳', '取消');
    const doc = await applyFor('孙艳', '美居裝飾');
    const desk = await reply('前台小林', `装修审批 ${doc._id} 同意`);
    expect(desk).toContain('等待工程部审核');
    expect((await Renovation.findById(doc._id).lean())!.reviews?.customer_service?.decision).toBe('approve');
    // engineering sends it back, writing traditional script: the owner reads the note as written
    const back = await texts('工程主管陈刚', `裝修審批 ${doc._id} 退回 圖紙缺少水電走向`, '孙艳');
    expect(back.join('\n')).toMatch(/需要修改（工程部）：圖紙缺少水電走向/);
    expect((await Renovation.findById(doc._id).lean())!.state).toBe('changes_requested');
  }, 90_000);

  it('approves without a number when only one application waits, and tells the owner', async () => {
    const doc = await applyFor('张伟', '美家装饰公司');
    expect(await reply('前台小林', `装修审批 ${doc._id} 通过`)).toContain('等待工程部审核');
    const told = await texts('工程主管陈刚', '装修审批 同意', '张伟');
    expect(told.join('\n')).toContain('已由客服部和工程部审核通过');
    expect((await Renovation.findById(doc._id).lean())!.state).toBe('approved');
  }, 60_000);

  it('answers bad or unauthorised review commands clearly', async () => {
    expect(await reply('前台小林', '装修审批 RN20261202-9999 同意')).toContain(
      '没有找到装修申请 RN20261202-9999',
    );
    expect(await reply('前台小林', '装修审批 RN20261202-0001')).toContain('请写明审批结论');
    expect(await reply('前台小林', '装修审批 RN20261202-0001 退回')).toContain('请写明需要修改的内容');
    expect(await reply('维修工老张', '装修审批 同意')).toMatch(/没有等待您审批|不能代表/);
  }, 60_000);

  it('records the daily inspection and climbs the violation ladder with photo evidence, the owner told', async () => {
    const doc = (await Renovation.findOne({ company: '美家装饰公司' }).lean())!;
    await Renovation.updateOne({ _id: doc._id }, { $set: { state: 'in_progress' }, $inc: { version: 1 } });
    const unit = (await Unit.findById(doc.unitId).lean())!;
    const manager = (await Person.findOne({ roles: 'zone_manager', zoneIds: unit.zoneId }).lean())!.name;

    expect(await reply(manager, `装修巡检 ${doc._id} 正常`)).toContain('现场照片');
    expect(await reply(manager, '没有')).toContain('全部合格');
    expect(await reply(manager, `装修巡检 ${doc._id} 9`)).toContain('检查项目为 1 至 6');
    expect(await reply(manager, `装修巡检 ${doc._id} 3 5 垃圾堆在楼道`)).toContain('现场照片');
    await chat.say(manager, '', { image: PNG });
    expect(await reply(manager, '好了')).toContain(
      '不合格项：配备灭火器、垃圾袋装、未占用公共部位（照片 1 张）',
    );
    let stored = (await Renovation.findById(doc._id).lean())!;
    expect(stored.inspections).toHaveLength(2);
    expect(stored.inspections[1]).toMatchObject({
      note: '垃圾堆在楼道',
      checklist: { fire_extinguisher: false },
    });
    expect(stored.inspections[1]!.photos).toHaveLength(1);

    // a violation needs a photo: "好了" without one is refused, with one it is recorded
    expect(await reply(manager, `装修巡检 ${doc._id} 违规`)).toContain('请写明违规情况');
    expect(await reply(manager, `装修巡检 ${doc._id} 违规 中午12点后仍在电钻施工`)).toContain(
      '违规需留存证据',
    );
    expect(await reply(manager, '好了')).toContain('至少需要一张现场照片');
    await chat.say(manager, '', { image: PNG });
    const first = await chat.say(manager, '好了');
    expect(last(chat.textsTo(first, manager))).toContain('第 1 次违规：口头警告');
    expect(chat.textsTo(first, '张伟').join('\n')).toContain('【口头警告】');

    await reply(manager, `装修巡检 ${doc._id} 违规 垃圾仍堆在楼道`);
    await chat.say(manager, '', { image: PNG });
    const second = await chat.say(manager, '好了');
    expect(last(chat.textsTo(second, manager))).toContain('第 2 次违规：违章通知单');
    expect(chat.textsTo(second, '张伟').join('\n')).toContain('【装修违章通知单】');
    stored = (await Renovation.findById(doc._id).lean())!;
    expect(stored.violations.map((v) => [v.level, v.evidence.length])).toEqual([
      ['verbal_warning', 1],
      ['written_notice', 1],
    ]);
  }, 120_000);
});
