import { Ticket } from '../../src/data/models/index.js';
import { startChat, type ChatHarness } from '../support/chat.js';

let chat: ChatHarness;
beforeAll(async () => {
  chat = await startChat();
}, 60_000);
afterAll(async () => chat?.close());

const text = (r: Array<{ text: string }>) => r.map((x) => x.text).join('\n');
const newest = (n: number) => Ticket.find({}).sort({ _id: -1 }).limit(n).lean();

describe('a message that tells two problems', () => {
  it('is registered as a ticket each, to each department, after one confirmation', async () => {
    const before = await Ticket.countDocuments({});
    const first = await chat.say('何超', '厨房水管漏水了，还有客厅的灯也不亮，明天下午3点来吧');
    expect(text(first)).toMatch(/您说了 2 个问题/);
    expect(text(first)).toMatch(/客厅的灯也不亮/);
    // the time said once is both problems' time: straight to the one summary
    expect(text(first)).toMatch(/以下 2 个问题一起确认/);
    expect(text(first)).toMatch(/请确认报修信息/);
    const done = text(await chat.say('何超', '1'));
    expect(done.match(/BX\d{8}-\d{4}/g)?.length).toBeGreaterThanOrEqual(2);
    expect(done).toMatch(/另一个问题（.+）也已登记/);
    expect(await Ticket.countDocuments({})).toBe(before + 2);
    const [second, one] = await newest(2);
    expect(one!.category).toBe('plumbing');
    expect(one!.description).toMatch(/厨房水管漏水/);
    expect(second!.description).toMatch(/客厅的灯/);
    expect(second!.category).not.toBe('plumbing');
    expect(String(second!.unitId)).toBe(String(one!.unitId));
    expect(second!.appointment?.from?.getTime()).toBe(one!.appointment?.from?.getTime());
    expect(second!.state).not.toBe('new');
  });

  it('reads a numbered list as separate problems', async () => {
    const before = await Ticket.countDocuments({});
    const r = await chat.say('徐勇', '1. 空调漏水 2. 门铃坏了');
    expect(text(r)).toMatch(/您说了 2 个问题/);
    await chat.say('徐勇', '后天上午');
    await chat.say('徐勇', '1');
    expect(await Ticket.countDocuments({})).toBe(before + 2);
    const cats = (await newest(2)).map((t) => t.category).sort();
    expect(cats).toEqual(['doors', 'plumbing']);
  });

  it('begins a problem of another kind once the first is registered', async () => {
    const before = await Ticket.countDocuments({});
    const r = await chat.say('孙艳', '卫生间马桶堵了，另外楼下垃圾桶满了好几天没人倒');
    expect(text(r)).toMatch(/您说了 2 个问题/);
    await chat.say('孙艳', '明天上午');
    const done = text(await chat.say('孙艳', '1'));
    expect(done).toMatch(/接着登记您刚才说的：“楼下垃圾桶满了好几天没人倒”/);
    // the public cleaning job needs no more questions: registered by the same message, apart
    expect(new Set(done.match(/BX\d{8}-\d{4}/g)).size).toBe(2);
    expect(await Ticket.countDocuments({})).toBe(before + 2);
    expect((await newest(1))[0]!.department).toBe('cleaning');
  });

  it('asks once when it may be one problem or two, and keeps one ticket when told it is one', async () => {
    const before = await Ticket.countDocuments({});
    const r = await chat.say('高平', '厨房下水道堵了 楼道里垃圾好几天没人收');
    expect(text(r)).toMatch(/好像是 2 件事/);
    await chat.say('高平', '2');
    await chat.say('高平', '明天上午');
    await chat.say('高平', '1');
    expect(await Ticket.countDocuments({})).toBe(before + 1);
    expect((await newest(1))[0]!.description).toMatch(/下水道.*垃圾/);
  });

  it('keeps one problem told in several clauses as one ticket', async () => {
    const before = await Ticket.countDocuments({});
    const r = await chat.say('马杰', '水管漏水了，水流到楼下了');
    expect(text(r)).not.toMatch(/个问题|件事/);
    await chat.say('马杰', '尽快');
    await chat.say('马杰', '1');
    expect(await Ticket.countDocuments({})).toBe(before + 1);
  });

  it('tells an owner writing traditional script in zh-TW', async () => {
    const r = await chat.say('陈丽', '廚房水龍頭漏水，還有臥室插座冇電');
    expect(text(r)).toMatch(/您說了 2 個問題/);
    await chat.say('陈丽', '取消');
  });
});

describe('the question whether a message told one problem or two', () => {
  it('takes an answer in words ("分开登记")', async () => {
    const r = await chat.say('周军', '厨房下水道堵了 楼道里垃圾好几天没人收');
    expect(text(r)).toMatch(/好像是 2 件事/);
    expect(text(await chat.say('周军', '分开登记'))).toMatch(/您说了 2 个问题/);
    await chat.say('周军', '取消');
  });
});
