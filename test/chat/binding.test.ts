import { BindingCode, ChatIdentity, Person, Room, Unit } from '../../src/data/models/index.js';
import { ADMIN_ACTOR } from '../../src/domain/actor.js';
import { last, startChat, type ChatHarness } from '../support/chat.js';

let chat: ChatHarness;
beforeAll(async () => {
  chat = await startChat();
}, 60_000);
afterAll(async () => chat?.close());

describe('binding owners, staff and groups in chat', () => {
  it('binds an owner at once when name and phone match a household nobody has bound yet', async () => {
    // the household of 1-1-101 has no chat identity yet (the demo binds everyone: undo it here)
    const household = await Person.find({ 'units.0': { $exists: true } }).lean();
    const zhang = household.find((p) => p.name === '张伟')!;
    const unitId = String(zhang.units[0]!.unitId);
    const members = household.filter((p) => p.units.some((u) => String(u.unitId) === unitId));
    await ChatIdentity.deleteMany({ personId: { $in: members.map((m) => m._id) } });
    let r = await chat.say('微信新号张伟', '我家灯坏了');
    expect(last(chat.textsTo(r, '微信新号张伟'))).toContain('请先绑定');
    r = await chat.say('微信新号张伟', '绑定 1-1-101 张伟 13800138000');
    expect(last(chat.textsTo(r, '微信新号张伟'))).toContain('已绑定房屋 1栋1单元101');
    const identity = await ChatIdentity.findOne({ displayName: '微信新号张伟' }).lean();
    expect(identity?.alias).toBe('1栋1单元101');
    r = await chat.say('微信新号张伟', '我的报修');
    expect(last(chat.textsTo(r, '微信新号张伟'))).toContain('没有报事记录');
  });

  it('never lets a stranger take over a bound household by name and phone', async () => {
    // 朱娟 is bound already; a stranger who knows her name and phone is held, and she is told
    const zhu = await Person.findOne({ name: '朱娟' }).lean();
    const u = await Unit.findById(zhu!.units[0]!.unitId).lean();
    const address = `${u!.building}-${u!.entrance}-${u!.room}`;
    const r = await chat.say('陌生人', `绑定 ${address} 朱娟 ${zhu!.phone}`);
    expect(last(chat.textsTo(r, '陌生人'))).toMatch(/审核|确认/);
    expect(chat.textsTo(r, '朱娟').join()).toContain('申请绑定');
    const stranger = await ChatIdentity.findOne({ displayName: '陌生人' }).lean();
    expect(stranger?.personId ?? null).toBeNull();
    // attempts are rate-limited per contact
    let last5 = '';
    for (let i = 0; i < 5; i++)
      last5 = last(chat.textsTo(await chat.say('陌生人', `绑定 ${address} 朱娟 ${zhu!.phone}`), '陌生人'));
    expect(last5).toContain('次数过多');
  });

  it('holds a mismatching binding for the zone manager, who approves it in chat', async () => {
    let r = await chat.say('新住户小陈', '绑定 2栋1单元302 陈小明 13911112222');
    expect(last(chat.textsTo(r, '新住户小陈'))).toMatch(/审核|确认/);
    const request = chat.textsTo(r, '片区管理员A王芳').join();
    const code = /同意 (\d{6})/.exec(request)?.[1];
    expect(code).toBeDefined();
    // a manager of another zone cannot decide it
    r = await chat.say('片区管理员C赵磊', `同意 ${code}`);
    expect(last(chat.textsTo(r, '片区管理员C赵磊'))).toContain('验证码无效');
    r = await chat.say('片区管理员A王芳', `同意 ${code}`);
    expect(last(chat.textsTo(r, '片区管理员A王芳'))).toContain('已同意');
    expect(last(chat.textsTo(r, '新住户小陈'))).toContain('已绑定房屋 2栋1单元302');
    const person = await Person.findOne({ name: '陈小明' }).lean();
    expect(person?.roles).toEqual(['family']);
    r = await chat.say('新住户小陈', '阳台下水道堵了');
    expect(last(chat.textsTo(r, '新住户小陈'))).toContain('什么时候上门');
  });

  const addressOf = async (name: string) => {
    const p = await Person.findOne({ name }).lean();
    const u = await Unit.findById(p!.units[0]!.unitId).lean();
    return { address: `${u!.building}-${u!.entrance}-${u!.room}`, phone: p!.phone! };
  };

  it("asks the household's bound members to confirm a claim; one refuses it with the code", async () => {
    const { address, phone } = await addressOf('许丽');
    let r = await chat.say('冒名者', `绑定 ${address} 许丽 ${phone}`);
    expect(last(chat.textsTo(r, '冒名者'))).toMatch(/审核|确认/);
    const asked = chat.textsTo(r, '许丽').join();
    const code = /拒绝 (\d{6})/.exec(asked)?.[1];
    expect(code).toBeDefined();
    expect(chat.textsTo(r, '许丽家属').join()).toContain(`同意 ${code}`); // every bound member is asked
    r = await chat.say('许丽', `拒绝 ${code}`);
    expect(last(chat.textsTo(r, '许丽'))).toContain('已拒绝');
    expect(last(chat.textsTo(r, '冒名者'))).toContain('未通过');
    expect((await ChatIdentity.findOne({ displayName: '冒名者' }).lean())?.personId ?? null).toBeNull();
    // decided once: the zone manager's approval comes too late
    r = await chat.say('片区管理员A王芳', `同意 ${code}`);
    expect(last(chat.textsTo(r, '片区管理员A王芳'))).toContain('验证码无效');
  });

  it('binds a new WeChat of the household once a bound member confirms; the others are told', async () => {
    const { address, phone } = await addressOf('高平');
    let r = await chat.say('高平的新微信', `绑定 ${address} 高平 ${phone}`);
    const code = /同意 (\d{6})/.exec(chat.textsTo(r, '高平').join())?.[1];
    expect(code).toBeDefined();
    // a member of another household cannot decide it, nor can the claimant
    r = await chat.say('朱娟', `同意 ${code}`);
    expect(last(chat.textsTo(r, '朱娟'))).toContain('验证码无效');
    await chat.say('高平的新微信', `同意 ${code}`);
    expect((await ChatIdentity.findOne({ displayName: '高平的新微信' }).lean())?.personId ?? null).toBeNull();
    r = await chat.say('高平', `同意 ${code}`);
    expect(last(chat.textsTo(r, '高平'))).toContain('已同意');
    expect(last(chat.textsTo(r, '高平的新微信'))).toContain('已绑定房屋');
    expect(last(chat.textsTo(r, '高平家属'))).toContain('高平已确认');
    const gao = await Person.findOne({ name: '高平' }).lean();
    const identity = await ChatIdentity.findOne({ displayName: '高平的新微信' }).lean();
    expect(String(identity?.personId)).toBe(String(gao!._id));
  });

  it('refuses an unknown unit and a malformed request with the expected format', async () => {
    let r = await chat.say('路人乙', '绑定 9栋9单元999 张三 13800000000');
    expect(last(chat.textsTo(r, '路人乙'))).toContain('没有找到这个房号');
    r = await chat.say('路人乙', '绑定 我家');
    expect(last(chat.textsTo(r, '路人乙'))).toContain('请按格式发送');
  });

  it('binds a staff member with a one-time code, once', async () => {
    const worker = await Person.findOne({ name: '维修工小刘' }).lean();
    const { code } = await chat.services.bindings.issue(ADMIN_ACTOR, {
      purpose: 'staff',
      personId: String(worker!._id),
    });
    let r = await chat.say('刘师傅的新微信', `工号绑定 ${code}`);
    expect(last(chat.textsTo(r, '刘师傅的新微信'))).toContain('工号绑定成功');
    r = await chat.say('另一个人', `工号绑定 ${code}`);
    expect(last(chat.textsTo(r, '另一个人'))).toContain('验证码无效');
    r = await chat.say('刘师傅的新微信', '我的工单');
    expect(last(chat.textsTo(r, '刘师傅的新微信'))).toMatch(/在办工单|没有在办/);
  });

  it('lets exactly one of several simultaneous redemptions of a code succeed', async () => {
    const worker = await Person.findOne({ name: '保洁员胡阿姨' }).lean();
    const { code } = await chat.services.bindings.issue(ADMIN_ACTOR, {
      purpose: 'staff',
      personId: String(worker!._id),
    });
    const results = await Promise.all(
      ['a', 'b', 'c', 'd', 'e'].map((by) => chat.services.bindings.redeem(code, 'staff', by)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('registers a group with a code posted by staff, and ignores unregistered groups otherwise', async () => {
    const world = chat.desk.world!;
    const topic = '阳光花园C区二期业主群';
    const zoneC = (await Room.findOne({ topic: '阳光花园C区业主群' }).lean())!.zoneId;
    world.mocker.createRoom({ id: 'new-room@chatroom', topic, memberIdList: [world.botId] });
    (world as unknown as { rooms: Map<string, unknown> }).rooms.set(
      topic,
      world.mocker.RoomMock.load('new-room@chatroom'),
    );
    let r = await chat.say('郑伟', '5栋电梯坏了', { room: topic, mentionBot: true });
    expect(r).toHaveLength(0);
    const { code } = await chat.services.bindings.issue(ADMIN_ACTOR, {
      purpose: 'room',
      roomPurpose: 'owners',
      zoneId: String(zoneC),
    });
    r = await chat.say('郑伟', `绑定本群 ${code}`, { room: topic });
    expect(r[0]?.text).toContain('没有权限');
    r = await chat.say('片区管理员C赵磊', `绑定本群 ${code}`, { room: topic });
    expect(r[0]?.text).toContain('本群已登记为业主群');
    expect(await Room.findOne({ topic }).lean()).toMatchObject({ purpose: 'owners' });
    expect(await BindingCode.findOne({ code }).lean()).toMatchObject({ usedBy: expect.any(String) });
    r = await chat.say('郑伟', '5栋电梯坏了', { room: topic });
    expect(r.find((x) => x.room === topic)?.text).toMatch(/工单号 BX/);
  });
});
