import { Ticket } from '../../src/data/models/index.js';
import { last, startChat, type ChatHarness } from '../support/chat.js';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

describe('grab mode (抢单)', () => {
  let chat: ChatHarness;
  beforeAll(async () => {
    chat = await startChat({ dispatch: { mode: 'grab' } });
  }, 60_000);
  afterAll(async () => chat?.close());

  it('offers the order to the department group and lets exactly one of two simultaneous grabs win', async () => {
    const r = await chat.say('徐勇', '4栋路灯不亮了', { room: '阳光花园B区业主群' });
    const offer = r.find((x) => x.room === '阳光花园工程部');
    expect(offer?.text).toContain('抢单');
    const number = /BX\d{8}-\d{4}/.exec(offer!.text)![0];

    const world = chat.desk.world!;
    const outcomes = new Map<string, string>();
    const both = new Promise<void>((resolve) => {
      chat.desk.pipeline.on('handled', (id: string, outcome: string) => {
        outcomes.set(id, outcome);
        if (outcomes.has('grab-a') && outcomes.has('grab-b')) resolve();
      });
    });
    world.say({ from: '维修工老张', text: `抢单 ${number}` }, 'grab-a');
    world.say({ from: '维修工孙师傅', text: `抢单 ${number}` }, 'grab-b');
    await both;
    await chat.desk.sender.settled('grab-a', 5000);
    await chat.desk.sender.settled('grab-b', 5000);
    const replies = [
      ...(await chat.desk.repliesTo('grab-a')),
      ...(await chat.desk.repliesTo('grab-b')),
    ].filter((x) => !x.room && (x.to === '维修工老张' || x.to === '维修工孙师傅'));
    const won = replies.filter((x) => x.text.includes('已接单'));
    const lost = replies.filter((x) => x.text.includes('已被'));
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const t = await Ticket.findOne({ number }).lean();
    expect(t!.state).toBe('accepted');
    expect(t!.assigneeName).toBe(won[0]!.to);
    expect(lost[0]!.text).toContain(won[0]!.to!);
  });
});

describe('grab mode without a department group', () => {
  let chat: ChatHarness;
  beforeAll(async () => {
    chat = await startChat({ dispatch: { mode: 'grab' } });
  }, 60_000);
  afterAll(async () => chat?.close());

  it('offers the order to each worker of the department directly', async () => {
    const r = await chat.say('林秀英', '楼下草坪的喷淋头坏了 一直在喷水', { room: '阳光花园B区业主群' });
    const number = /BX\d{8}-\d{4}/.exec(r.map((x) => x.text).join('\n'))![0];
    const t = await Ticket.findOne({ number }).lean();
    expect(t!.department).toBe('greening');
    const offers = chat.textsTo(r, '绿化工林师傅').join('\n');
    expect(offers).toContain(`抢单 ${number}`);
  });
});

describe('quotes, photos and transfers', () => {
  let chat: ChatHarness;
  beforeAll(async () => {
    chat = await startChat();
  }, 60_000);
  afterAll(async () => chat?.close());

  it('stores photos sent during the flow on the ticket', async () => {
    await chat.say('孙艳', '客厅插座冒火花，很急');
    let r = await chat.say('孙艳', '', { image: PNG });
    expect(last(chat.textsTo(r, '孙艳'))).toContain('收到照片（共 1 张）');
    r = await chat.say('孙艳', '1');
    const number = /BX\d{8}-\d{4}/.exec(last(chat.textsTo(r, '孙艳')))![0];
    const t = await Ticket.findOne({ number }).lean();
    expect(t!.photos).toHaveLength(1);
    expect(t!.photos[0]!.contentType).toBe('image/png');
    expect(t).toMatchObject({ urgency: 'urgent', category: 'electrical' });
    expect(chat.textsTo(r, t!.assigneeName!).join()).toContain('附照片 1 张');
  });

  it('keeps a photo sent before any words for the report that follows', async () => {
    let r = await chat.say('赵敏', '', { image: PNG });
    expect(last(chat.textsTo(r, '赵敏'))).toContain('图片会附在报修里');
    await chat.say('赵敏', '卫生间天花板渗水了');
    await chat.say('赵敏', '明天上午');
    r = await chat.say('赵敏', '1');
    const number = /BX\d{8}-\d{4}/.exec(last(chat.textsTo(r, '赵敏')))![0];
    const t = await Ticket.findOne({ number }).lean();
    expect(t!.photos).toHaveLength(1);
  });

  it('quotes a non-standard repair and resumes work when the owner agrees in chat', async () => {
    const [t] = await chat.ticketsOf('孙艳');
    const worker = t!.assigneeName as string;
    await chat.say(worker, `接单 ${t!.number}`);
    let r = await chat.say(worker, `非标 ${t!.number} 需更换整条线路`);
    expect(chat.textsTo(r, '工程主管陈刚').join()).toContain('待报价');
    r = await chat.say('工程主管陈刚', `报价 ${t!.number} 380元 更换线路`);
    expect(last(chat.textsTo(r, '工程主管陈刚'))).toContain('待业主确认报价');
    expect(chat.textsTo(r, '孙艳').join()).toContain('380');
    r = await chat.say('孙艳', '同意');
    expect(last(chat.textsTo(r, '孙艳'))).toContain('已确认费用');
    expect((await Ticket.findOne({ number: t!.number }).lean())!.state).toBe('accepted');
  });

  it('transfers an order to a colleague named in the command', async () => {
    await chat.say('马杰', '卫生间水龙头一直滴水');
    await chat.say('马杰', '明天上午');
    const r0 = await chat.say('马杰', '1');
    const number = /BX\d{8}-\d{4}/.exec(last(chat.textsTo(r0, '马杰')))![0];
    const before = await Ticket.findOne({ number }).lean();
    const r = await chat.say(before!.assigneeName!, `转单 ${number} @维修工孙师傅 需要专用工具`);
    expect(last(chat.textsTo(r, before!.assigneeName!))).toContain('已派工');
    expect(chat.textsTo(r, '维修工孙师傅').join()).toContain(number);
    expect((await Ticket.findOne({ number }).lean())!.assigneeName).toBe('维修工孙师傅');
  });
});

describe('zone manager follow-up and callback in chat', () => {
  let chat: ChatHarness;
  beforeAll(async () => {
    chat = await startChat();
  }, 60_000);
  afterAll(async () => chat?.close());

  it('records a follow-up on the timeline and a satisfied callback closes the loop', async () => {
    await chat.say('朱娟', '卫生间马桶堵了，尽快');
    const r0 = await chat.say('朱娟', '1');
    const number = /BX\d{8}-\d{4}/.exec(last(chat.textsTo(r0, '朱娟')))![0];
    let r = await chat.say('片区管理员B李娜', `跟进 ${number} 已电话联系业主，师傅在路上`);
    expect(last(chat.textsTo(r, '片区管理员B李娜'))).toContain(number);
    const worker = (await Ticket.findOne({ number }).lean())!.assigneeName!;
    for (const text of [`接单 ${number}`, `到场 ${number}`, `完工 ${number} 疏通马桶`])
      await chat.say(worker, text);
    // a manager of another zone does not even see the ticket
    r = await chat.say('片区管理员A王芳', `回访 ${number} 满意`);
    expect(last(chat.textsTo(r, '片区管理员A王芳'))).toContain('找不到工单');
    r = await chat.say('片区管理员B李娜', `回访 ${number} 满意 电话回访业主表示已疏通`);
    expect(last(chat.textsTo(r, '片区管理员B李娜'))).toContain('已回访');
    const t = await Ticket.findOne({ number }).lean();
    expect(t!.callback).toMatchObject({ satisfied: true, method: 'phone' });
  });
});
