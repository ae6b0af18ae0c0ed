import { Person } from '../../src/data/models/index.js';
import { last, startChat, type ChatHarness } from '../support/chat.js';

/** 我的报修 of a family member: the household's repairs for its own unit, nothing of others. */
let chat: ChatHarness;
beforeAll(async () => {
  chat = await startChat({ dispatch: { mode: 'manual' } });
}, 60_000);
afterAll(async () => chat?.close());

const actorOf = async (name: string) =>
  chat.services.directory.actorForPerson(String((await Person.findOne({ name }).lean())!._id));

describe('a family member asking 我的报修', () => {
  it('sees the repairs another household member filed for their unit, said who filed them', async () => {
    const owner = await actorOf('王芳');
    const family = await actorOf('王芳家属');
    expect(family.unitIds).toEqual(owner.unitIds);
    const { tickets } = chat.services;
    const home = await tickets.create(owner, {
      kind: 'repair',
      unitId: owner.unitIds[0],
      description: '厨房水龙头一直漏水',
    });
    const lobby = await tickets.create(owner, {
      kind: 'repair',
      scope: 'public',
      location: '1栋大堂',
      description: '大堂门禁坏了',
    });
    const complaint = await tickets.create(owner, {
      kind: 'complaint',
      unitId: owner.unitIds[0],
      description: '楼上装修太吵',
    });
    const neighbour = await actorOf('张伟');
    const next = await tickets.create(neighbour, {
      kind: 'repair',
      unitId: neighbour.unitIds[0],
      description: '卫生间灯不亮',
    });

    const r = await chat.say('王芳家属', '我的报修');
    const text = last(chat.textsTo(r, '王芳家属'));
    expect(text).toContain(home.number);
    expect(text).toContain('家人王芳报');
    expect(text).toContain('漏水');
    for (const other of [lobby, complaint, next]) expect(text).not.toContain(other.number);
  });

  it('asking after the worker in everyday words finds the household’s open repair', async () => {
    const r = await chat.say('王芳家属', '師傅大概幾點到啊');
    const text = last(chat.textsTo(r, '王芳家屬')) || last(chat.textsTo(r, '王芳家属'));
    expect(text).toMatch(/家人王芳報/);
    expect(text).toContain('漏水');
    const again = await chat.say('王芳家属', '师傅到了没');
    expect(last(chat.textsTo(again, '王芳家属'))).toContain('家人王芳报');
  });

  it('the filer’s own list does not mark their own orders', async () => {
    const r = await chat.say('王芳', '我的报修');
    expect(last(chat.textsTo(r, '王芳'))).not.toContain('家人');
  });
});
