import { Person, Ticket } from '../../../src/data/models/index.js';
import { ADMIN_ACTOR } from '../../../src/domain/actor.js';
import { last, startChat, type ChatHarness } from '../../support/chat.js';

let chat: ChatHarness;
beforeAll(async () => {
  chat = await startChat();
}, 60_000);
afterAll(async () => chat?.close());

const report = async (owner: string, text: string) => {
  await chat.say(owner, text);
  await chat.say(owner, '尽快');
  const r = await chat.say(owner, '1');
  return /BX\d{8}-\d{4}/.exec(last(chat.textsTo(r, owner)))![0];
};
const stateOf = async (number: string) => (await Ticket.findOne({ number }).lean())!;

describe('a worker’s everyday words on their orders', () => {
  it('takes 收到 as accepting the one waiting order and says which; 搞定了 completes it with the fee in parts', async () => {
    const number = await report('张伟', '厨房下水道堵了');
    expect((await stateOf(number)).assigneeName).toBe('维修工老张');
    let r = await chat.say('维修工老张', '收到 马上去');
    const told = last(chat.textsTo(r, '维修工老张'));
    expect(told).toContain(number);
    expect(told).toContain('已接单');
    expect((await stateOf(number)).state).toBe('accepted');
    // accepted, never said 到场: 修好了 with the number first still completes it
    r = await chat.say('维修工老张', `${number} 修好了 疏通下水道 人工50 材料30`);
    expect(last(chat.textsTo(r, '维修工老张'))).toContain('已完工');
    const done = await stateOf(number);
    expect(done.state).toBe('completed');
    expect(done.fees).toEqual([
      expect.objectContaining({ item: '人工费', amount: 50 }),
      expect.objectContaining({ item: '材料费', amount: 30 }),
    ]);
    const owner = chat.textsTo(r, '张伟').join('\n');
    expect(owner).toContain('费用 80 元（人工费 50 元、材料费 30 元）');
  });

  it('asks which order with a numbered list when several wait, and takes the list number', async () => {
    const a = await report('王芳', '卫生间马桶堵了');
    const b = await report('周军', '厨房水龙头一直滴水');
    let r = await chat.say('维修工老张', '好的');
    const question = last(chat.textsTo(r, '维修工老张'));
    expect(question).toMatch(/1\. .*BX/);
    expect(question).toContain(a);
    expect(question).toContain(b);
    const lines = question.split('\n');
    const second = lines.find((l) => l.startsWith('2. '))!;
    const picked = second.includes(a) ? a : b;
    r = await chat.say('维修工老张', '2');
    expect(last(chat.textsTo(r, '维修工老张'))).toContain(`${picked} 当前状态：已接单`);
    expect((await stateOf(picked)).state).toBe('accepted');
  });

  it('takes the last digits of an order, with the verb said again, as the answer to “which one”', async () => {
    const a = await report('王芳', '阳台地漏往上冒水');
    const b = await report('周军', '洗手盆下水很慢');
    let r = await chat.say('维修工老张', '收到');
    expect(last(chat.textsTo(r, '维修工老张'))).toMatch(/是哪一张/);
    const short = b.slice(-4);
    r = await chat.say('维修工老张', `${short}接了`);
    expect(last(chat.textsTo(r, '维修工老张'))).toContain(`${b} 当前状态：已接单`);
    expect((await stateOf(b)).state).toBe('accepted');
    expect((await stateOf(a)).state).toBe('dispatched');
  });

  it('tells the supervisor and the zone manager when the worker on an order asks for help', async () => {
    const number = await report('周军', '洗菜池下水很慢');
    const worker = (await stateOf(number)).assigneeName!;
    await chat.say(worker, `接单 ${number}`);
    const r = await chat.say(worker, `${number} 这个我一个人搞不定，要砸墙，需要帮手`);
    expect(last(chat.textsTo(r, worker))).toMatch(/已通知主管/);
    const supervisor = chat.textsTo(r, '工程主管陈刚').join('\n');
    expect(supervisor).toContain(`【需要支援】${worker} 在工单 ${number}`);
    expect(supervisor).toContain('要砸墙');
    expect(chat.textsTo(r, '片区管理员A王芳').join('\n')).toContain(number);
    expect((await stateOf(number)).state).toBe('accepted');
  });

  it('reads 处理好了 on a complaint as its handling finished', async () => {
    const { tickets, directory } = chat.services;
    const as = async (name: string) =>
      directory.actorForPerson(String((await Person.findOne({ name }).lean())!._id));
    const owner = await as('陈丽');
    const t = await tickets.create(owner, {
      kind: 'complaint',
      unitId: owner.unitIds[0],
      description: '保安态度很差',
    });
    await tickets.fire(await as('客服主管周敏'), t.number, 'classify', { department: 'security' });
    const chief = await as('安防队长杨勇');
    await tickets.fire(chief, t.number, 'plan', { plan: '约谈当班保安' });
    await tickets.fire(chief, t.number, 'start_handling', {});
    const r = await chat.say('安防队长杨勇', `${t.number} 处理好了 已约谈当班保安并致歉`);
    expect(last(chat.textsTo(r, '安防队长杨勇'))).toMatch(/已处理待回访/);
    expect((await stateOf(t.number)).state).toBe('handled');
  });

  it('answers 收到 with a plain thank-you when nothing waits for acceptance', async () => {
    const r = await chat.say('保洁员胡阿姨', '收到');
    expect(last(chat.textsTo(r, '保洁员胡阿姨'))).toContain('不客气');
  });
});

describe('confirming a summary in everyday words', () => {
  it('submits a repair on 好 確認 and keeps a change said with 确认', async () => {
    await chat.say('陈丽', '阳台晾衣架坏了 摇不动');
    let r = await chat.say('陈丽', '明天上午');
    expect(last(chat.textsTo(r, '陈丽'))).toContain('请确认报修信息');
    r = await chat.say('陈丽', '确认 不过电话换成13912345678');
    expect(last(chat.textsTo(r, '陈丽'))).toContain('13912345678');
    r = await chat.say('陈丽', '好 確認');
    expect(last(chat.textsTo(r, '陈丽'))).toMatch(/BX\d{8}-\d{4}/);
  });

  it('re-asks a complaint summary without offering a time or phone to change', async () => {
    await chat.say('刘静', '我要投诉 保安晚上睡觉 没人巡逻');
    let r = await chat.say('刘静', '跳过');
    expect(last(chat.textsTo(r, '刘静'))).toContain('请确认投诉内容');
    r = await chat.say('刘静', '等一下');
    const again = last(chat.textsTo(r, '刘静'));
    expect(again).not.toContain('修改时间');
    expect(again).toContain('修改经过');
    r = await chat.say('刘静', '嗯提交吧');
    expect(last(chat.textsTo(r, '刘静'))).toMatch(/TS\d{8}-\d{4}/);
  });
});

describe('a complaint’s callback said in words', () => {
  it('reads 骗人 … 车还停在那里 after 处理完毕 as not satisfied and escalates, no new ticket', async () => {
    await chat.say('杨强', '我要投诉 有车天天堵在消防通道 没人管');
    await chat.say('杨强', '跳过');
    const r0 = await chat.say('杨强', '1');
    const number = /TS\d{8}-\d{4}/.exec(last(chat.textsTo(r0, '杨强')))![0];
    const { tickets } = chat.services;
    await tickets.fire(ADMIN_ACTOR, number, 'classify', { department: 'security' });
    await tickets.fire(ADMIN_ACTOR, number, 'plan', { plan: '联系车主挪车' });
    await tickets.fire(ADMIN_ACTOR, number, 'start_handling', {});
    await tickets.fire(ADMIN_ACTOR, number, 'finish_handling', { note: '已联系车主挪走' });
    const before = (await chat.ticketsOf('杨强')).length;
    const r = await chat.say('杨强', '骗人 我刚下楼看 车还停在那里');
    expect(last(chat.textsTo(r, '杨强'))).toContain('升级');
    expect((await stateOf(number)).state).toBe('escalated');
    expect((await chat.ticketsOf('杨强')).length).toBe(before);
  });
});

describe('an owner calling off an order already accepted', () => {
  it('cancels it before the worker is on site, telling the worker and the front desk', async () => {
    const number = await report('谢娜', '卧室灯不亮了');
    const worker = (await stateOf(number)).assigneeName!;
    await chat.say(worker, `接单 ${number}`);
    const r = await chat.say('谢娜', '自己修好了 不用来了 谢谢');
    expect(last(chat.textsTo(r, '谢娜'))).toContain(`已为您取消工单 ${number}`);
    expect(last(chat.textsTo(r, '谢娜'))).toContain(worker);
    expect((await stateOf(number)).state).toBe('cancelled');
    expect(chat.textsTo(r, worker).join('\n')).toContain(`${number}`);
    expect(chat.textsTo(r, '前台小林').join('\n')).toContain('业主撤单');
  });

  it('asks the worker on site and the desk to confirm, and the desk cancels on the worker’s word', async () => {
    const number = await report('谢娜', '厨房插座没电了');
    const worker = (await stateOf(number)).assigneeName!;
    await chat.say(worker, `接单 ${number}`);
    await chat.say(worker, `到场 ${number}`);
    let r = await chat.say('谢娜', '那你们帮我取消一下那个单子');
    const told = last(chat.textsTo(r, '谢娜'));
    expect(told).toContain('已在现场');
    expect(told).toContain('0571-88886666');
    expect((await stateOf(number)).state).toBe('on_site');
    expect(chat.textsTo(r, worker).join('\n')).toContain('业主不需要了');
    expect(chat.textsTo(r, '前台小林').join('\n')).toContain('业主申请撤单');
    r = await chat.say('前台小林', `撤单 ${number} 师傅确认业主不修了`);
    expect((await stateOf(number)).state).toBe('cancelled');
    expect(chat.textsTo(r, '谢娜').join('\n')).toContain('已取消');
  });
});

describe('a report told beside a complaint’s summary', () => {
  it('is registered as its own ticket when the summary is confirmed, not merged into the complaint', async () => {
    await chat.say('徐勇', '我要投诉 保洁阿姨把我家门口的鞋柜扔了');
    await chat.say('徐勇', '跳过');
    let r = await chat.say('徐勇', '我想改一下');
    expect(last(chat.textsTo(r, '徐勇'))).toContain('发生了什么');
    r = await chat.say('徐勇', '保洁阿姨把我家门口的鞋柜当垃圾扔了');
    expect(last(chat.textsTo(r, '徐勇'))).toContain('请确认投诉内容');
    await chat.say('徐勇', '对了 3栋楼道的灯也坏了 晚上黑漆漆的');
    r = await chat.say('徐勇', '好的 提交');
    const numbers = new Set(
      chat
        .textsTo(r, '徐勇')
        .join('\n')
        .match(/[A-Z]{2}\d{8}-\d{4}/g),
    );
    expect(numbers.size).toBe(2);
  });
});

describe('收到 in the department group', () => {
  it('is an acceptance only when said to the bot', async () => {
    const number = await report('胡涛', '客厅的灯闪个不停');
    const worker = (await stateOf(number)).assigneeName!;
    await chat.say(worker, '收到', { room: '阳光花园工程部' });
    expect((await stateOf(number)).state).toBe('dispatched');
    const r = await chat.say(worker, '收到 马上过去', { room: '阳光花园工程部', mentionBot: true });
    // accepted at once, or (other orders of the file still waiting) asked which, privately
    const answered = r
      .filter((x) => x.to === worker)
      .map((x) => x.text)
      .join('\n');
    expect(answered).toContain(number);
  });
});

describe('a worker’s 报价', () => {
  it('goes to the supervisor as a proposal with the amount, the order waiting for the quote', async () => {
    const number = await report('孙艳', '阳台下水管裂了 一直滴水');
    const worker = (await stateOf(number)).assigneeName!;
    await chat.say(worker, `接单 ${number}`);
    const r = await chat.say(worker, `${number} 下水管要整根换 报价120`);
    expect((await stateOf(number)).state).toBe('awaiting_quote');
    expect(last(chat.textsTo(r, worker))).not.toContain('无权');
    expect(chat.textsTo(r, '工程主管陈刚').join('\n')).toContain('师傅建议报价 120 元：下水管要整根换');
  });
});
