import { Person, Ticket } from '../../src/data/models/index.js';
import { startChat, type ChatHarness } from '../support/chat.js';

let chat: ChatHarness;
beforeAll(async () => {
  chat = await startChat();
}, 60_000);
afterAll(async () => chat?.close());

const text = (r: Array<{ text: string }>) => r.map((x) => x.text).join('\n');
const HAN = /\p{Script=Han}/u;

describe('an owner who writes in English', () => {
  it('is answered in English through the whole report, and the report is understood', async () => {
    const first = await chat.say('赵敏', 'my kitchen sink is leaking, tomorrow 2pm ok?');
    // the time said is kept: straight to the summary, in English
    expect(text(first)).toMatch(/Please confirm/);
    expect(text(first)).toMatch(/Plumbing/);
    expect(text(first)).toMatch(/14:00/);
    const done = await chat.say('赵敏', 'yes');
    expect(text(done)).toMatch(/Your repair is registered as BX\d{8}-\d{4}/);
    const ticket = (await Ticket.find({}).sort({ _id: -1 }).limit(1).lean())[0]!;
    expect(ticket.category).toBe('plumbing');
    expect(ticket.department).toBe('engineering');
    expect(ticket.scope).toBe('in_unit');
    const owner = await Person.findOne({ name: '赵敏' }).lean();
    expect(owner?.language).toBe('en');

    // the notices that follow come in English too
    const worker = ticket.assigneeName ?? '维修工老张';
    const accepted = await chat.say(worker, `接单 ${ticket.number}`);
    const told = chat.textsTo(accepted, '赵敏').join('\n');
    expect(told).toMatch(/[A-Za-z]{4,}/);
    expect(told.replace(/维修工\S+|\d+栋\S*/g, '')).not.toMatch(HAN);

    // and so do their later replies
    const mine = await chat.say('赵敏', 'progress');
    expect(text(mine)).toMatch(/Your recent reports/);
    // but a sentence written in Chinese is answered in Chinese
    const zh = await chat.say('赵敏', '阳台的灯也不亮了');
    expect(text(zh)).toMatch(/什么时候上门/);
    await chat.say('赵敏', '取消');
  });

  it('has two problems in one English message registered apart', async () => {
    const before = await Ticket.countDocuments({});
    const r = await chat.say('朱娟', 'Hi, the bedroom light is broken and also the toilet is blocked');
    expect(text(r)).toMatch(/You mentioned 2 problems/);
    await chat.say('朱娟', 'anytime');
    const done = await chat.say('朱娟', 'confirm');
    expect(text(done)).toMatch(/other problem/);
    expect(await Ticket.countDocuments({})).toBe(before + 2);
    const cats = (await Ticket.find({}).sort({ _id: -1 }).limit(2).lean()).map((t) => t.category).sort();
    expect(cats).toEqual(['electrical', 'plumbing']);
  });

  it('leaves an owner writing Chinese in Chinese', async () => {
    const r = await chat.say('何超', '阳台的灯不亮了');
    expect(text(r)).toMatch(/什么时候上门/);
    await chat.say('何超', '取消');
    expect((await Person.findOne({ name: '何超' }).lean())?.language).toBeUndefined();
  });
});
