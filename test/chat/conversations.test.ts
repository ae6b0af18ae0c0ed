import { ChatIdentity, Conversation, Ticket, TicketEvent } from '../../src/data/models/index.js';
import { last, startChat, type ChatHarness } from '../support/chat.js';

let chat: ChatHarness;
beforeAll(async () => {
  chat = await startChat();
}, 60_000);
afterAll(async () => chat?.close());

describe('owner repair conversation in a direct chat', () => {
  it('asks only for the time, confirms a summary, creates the ticket and dispatches it to the plumber', async () => {
    let r = await chat.say('张伟', '厨房水管漏水了');
    expect(last(chat.textsTo(r, '张伟'))).toContain('什么时候上门');

    r = await chat.say('张伟', '明天下午3点');
    const summary = last(chat.textsTo(r, '张伟'));
    expect(summary).toContain('请确认报修信息');
    expect(summary).toContain('1栋1单元101');
    expect(summary).toContain('15:00');

    r = await chat.say('张伟', '1');
    const done = last(chat.textsTo(r, '张伟'));
    const number = /BX\d{8}-\d{4}/.exec(done)?.[0];
    expect(number).toBeDefined();
    expect(done).toContain('上门');
    const ticket = await Ticket.findOne({ number }).lean();
    expect(ticket).toMatchObject({
      kind: 'repair',
      category: 'plumbing',
      scope: 'in_unit',
      state: 'dispatched',
    });
    expect(ticket!.assigneeName).toBe('维修工老张');
    expect(ticket!.appointment?.from).toBeInstanceOf(Date);
    // the plumber hears it directly and in the engineering group, with an @mention
    expect(chat.textsTo(r, '维修工老张').join()).toContain(number);
    const group = r.find((x) => x.room === '阳光花园工程部');
    expect(group?.mentions).toEqual(['维修工老张']);
    expect(group?.text).not.toContain('101');
  });

  it('re-asks a past or unreadable time and a bad phone, with the reason', async () => {
    await chat.say('王芳', '卫生间马桶堵了');
    let r = await chat.say('王芳', '昨天下午');
    expect(last(chat.textsTo(r, '王芳'))).toContain('已经过去');
    r = await chat.say('王芳', '随便吧');
    expect(last(chat.textsTo(r, '王芳'))).toContain('没看懂这个时间');
    r = await chat.say('王芳', '尽快');
    expect(last(chat.textsTo(r, '王芳'))).toContain('请确认报修信息');
    r = await chat.say('王芳', '修改电话');
    expect(last(chat.textsTo(r, '王芳'))).toContain('联系电话');
    r = await chat.say('王芳', '12345');
    expect(last(chat.textsTo(r, '王芳'))).toContain('手机号格式不对');
    r = await chat.say('王芳', '139 1234 5678');
    expect(last(chat.textsTo(r, '王芳'))).toContain('13912345678');
    r = await chat.say('王芳', '确认');
    expect(last(chat.textsTo(r, '王芳'))).toMatch(/工单号 BX/);
    const [t] = await chat.ticketsOf('王芳');
    expect(t).toMatchObject({ phone: '13912345678', urgency: 'urgent' });
  });

  it('cancels at any step and creates nothing', async () => {
    await chat.say('李娜', '家里插座没电了');
    const identity = await ChatIdentity.findOne({ displayName: '李娜' }).lean();
    const key = `mock:dm:${identity!.contactId}`;
    expect(await Conversation.countDocuments({ key })).toBe(1);
    const r = await chat.say('李娜', '取消');
    expect(last(chat.textsTo(r, '李娜'))).toContain('已取消');
    expect(await chat.ticketsOf('李娜')).toHaveLength(0);
    expect(await Conversation.countDocuments({ key })).toBe(0);
  });

  it('resumes at the same question after a restart mid-flow', async () => {
    await chat.say('赵敏', '防盗门锁坏了打不开');
    await chat.restart();
    let r = await chat.say('赵敏', '后天上午10点');
    expect(last(chat.textsTo(r, '赵敏'))).toContain('请确认报修信息');
    r = await chat.say('赵敏', '1');
    expect(last(chat.textsTo(r, '赵敏'))).toMatch(/BX\d{8}-\d{4}/);
    const tickets = await chat.ticketsOf('赵敏');
    expect(tickets).toHaveLength(1);
    expect(tickets[0]).toMatchObject({ category: 'doors' });
  });

  it('answers in traditional Chinese to an owner writing traditional characters', async () => {
    const r = await chat.say('刘静', '廚房水管漏水了，請盡快');
    const text = last(chat.textsTo(r, '刘静'));
    expect(text).toContain('請確認報修');
    const done = await chat.say('刘静', '確認');
    expect(last(chat.textsTo(done, '刘静'))).toMatch(/已為您登記報修，工單號 BX/);
  });
});

describe('reports in an owners group', () => {
  it('registers a public-facility report at once and acknowledges it in the group with the number', async () => {
    const r = await chat.say('陈丽', '3栋电梯坏了', { room: '阳光花园B区业主群' });
    const ack = r.find((x) => x.room === '阳光花园B区业主群');
    expect(ack?.text).toMatch(/工单号 BX\d{8}-\d{4}/);
    expect(ack?.mentions).toEqual(['陈丽']);
    const [t] = await chat.ticketsOf('陈丽');
    expect(t).toMatchObject({
      scope: 'public',
      location: '3栋电梯',
      category: 'elevator',
      state: 'dispatched',
    });
    expect(t!.assigneeName).toBe('维修工孙师傅');
  });

  it('moves a private repair to a direct chat and ignores chatter that is not for the bot', async () => {
    const chatter = await chat.say('杨强', '今天天气不错', { room: '阳光花园B区业主群' });
    expect(chatter).toHaveLength(0);
    const r = await chat.say('杨强', '我家卫生间漏水，电话13812345678', {
      room: '阳光花园B区业主群',
      mentionBot: true,
    });
    const inGroup = r.filter((x) => x.room);
    expect(inGroup).toHaveLength(1);
    expect(inGroup[0]!.text).toContain('私聊');
    expect(inGroup[0]!.text).not.toContain('13812345678');
    expect(last(chat.textsTo(r, '杨强'))).toContain('什么时候上门');
    const next = await chat.say('杨强', '尽快');
    expect(last(chat.textsTo(next, '杨强'))).toContain('请确认报修信息');
  });
});

describe('redelivery and bad input', () => {
  it('changes and answers nothing when the same message is delivered twice', async () => {
    const world = chat.desk.world!;
    const id = 'dup-message-1';
    const handled = new Promise<string[]>((resolve) => {
      const seen: string[] = [];
      chat.desk.pipeline.on('handled', (mid: string, outcome: string) => {
        if (mid === id) seen.push(outcome);
        if (seen.length === 2) resolve(seen);
      });
    });
    world.say({ from: '黄磊', text: '表扬保洁阿姨，楼道很干净' }, id);
    world.redeliver(id);
    expect((await handled).sort()).toEqual(['duplicate', 'handled']);
    await chat.services.tickets.idle();
    await chat.desk.sender.settled(id, 5000);
    // one answer to the owner (the desk's notices of the new praise go to staff)
    expect(chat.textsTo(await chat.desk.repliesTo(id), '黄磊')).toHaveLength(1);
    expect(await chat.ticketsOf('黄磊')).toHaveLength(1);
  });

  it.each([
    ['empty-ish', '   。。。', '没看懂'],
    ['emoji only', '😀😀😀', '没看懂'],
    ['operator text', '{"$gt":""}', '没完全明白'],
    ['unknown ticket number', '进度 BX20990101-0001', '找不到工单'],
  ])('answers %s with a clear message', async (_name, text, expected) => {
    const r = await chat.say('周军', text);
    expect(last(chat.textsTo(r, '周军'))).toContain(expected);
  });

  it('answers a 10,000-character message politely without processing it', async () => {
    const r = await chat.say('周军', '漏水'.repeat(5000));
    expect(last(chat.textsTo(r, '周军'))).toContain('太长');
    expect(await chat.ticketsOf('周军')).toHaveLength(0);
  });

  it("never shows another owner's ticket", async () => {
    const [t] = await chat.ticketsOf('张伟');
    const r = await chat.say('周军', `进度 ${t!.number}`);
    const text = last(chat.textsTo(r, '周军'));
    expect(text).toContain('找不到工单');
    expect(text).not.toContain('厨房');
  });

  it('refuses staff commands from owners and strangers and reveals nothing', async () => {
    const [t] = await chat.ticketsOf('张伟');
    for (const who of ['周军', '路人甲']) {
      const r = await chat.say(who, `接单 ${t!.number}`);
      const text = last(chat.textsTo(r, who));
      expect(text).toContain('员工指令');
      expect(text).not.toContain('厨房');
    }
    expect((await Ticket.findOne({ number: t!.number }).lean())!.state).toBe('dispatched');
  });
});

describe('staff commands', () => {
  it('takes a work order through accept, arrival and completion, and the owner rates it', async () => {
    const [t] = await chat.ticketsOf('张伟');
    let r = await chat.say('维修工老张', `接单 ${t!.number}`);
    expect(last(chat.textsTo(r, '维修工老张'))).toContain('已接单');
    expect(chat.textsTo(r, '张伟').join()).toContain('维修工老张');
    r = await chat.say('维修工老张', '到场');
    expect(last(chat.textsTo(r, '维修工老张'))).toContain('已到场');
    // a fee that is not a plain positive amount within money.max is refused, nothing recorded
    for (const bad of ['1e9', '-50', '12.345', '200000']) {
      r = await chat.say('维修工老张', `完工 更换水管接头 费用 ${bad}`);
      expect(last(chat.textsTo(r, '维修工老张'))).toContain(`金额“${bad}”无效`);
    }
    expect((await Ticket.findOne({ number: t!.number }).lean())!.state).toBe('on_site');
    r = await chat.say('维修工老张', '完工 更换水管接头 费用 50');
    expect(last(chat.textsTo(r, '维修工老张'))).toContain('已完工');
    expect(chat.textsTo(r, '张伟').join()).toContain('评分');
    const done = await Ticket.findOne({ number: t!.number }).lean();
    expect(done).toMatchObject({ actualItem: '更换水管接头', state: 'completed' });
    expect(done!.fees?.[0]?.amount).toBe(50);
    r = await chat.say('张伟', '5 师傅很专业');
    expect(last(chat.textsTo(r, '张伟'))).toContain('感谢您的评价');
    expect((await Ticket.findOne({ number: t!.number }).lean())!.rating).toMatchObject({
      score: 5,
      comment: '师傅很专业',
    });
  });

  it('accepts a command quoting the dispatch message instead of the number', async () => {
    const [t] = await chat.ticketsOf('陈丽');
    const quote = `「物业小助手：【新工单】${t!.number}\n地点：3栋电梯」\n- - - - - - - - - - - - - - -\n接单`;
    const r = await chat.say('维修工孙师傅', quote);
    expect(last(chat.textsTo(r, '维修工孙师傅'))).toContain(`${t!.number} 当前状态：已接单`);
  });

  it('opens rework and alerts the zone manager on a low rating', async () => {
    const [t] = await chat.ticketsOf('王芳');
    for (const text of [`接单 ${t!.number}`, `到场 ${t!.number}`, `完工 ${t!.number} 疏通`])
      await chat.say('维修工老张', text);
    const r = await chat.say('王芳', '不满意 还是堵');
    expect(last(chat.textsTo(r, '王芳'))).toContain('返工');
    const after = await Ticket.findOne({ number: t!.number }).lean();
    expect(after).toMatchObject({ state: 'dispatched', reworkCount: 1 });
    expect(chat.textsTo(r, '片区管理员A王芳').join()).toContain('返工');
  });

  it('lists a worker’s open orders', async () => {
    const r = await chat.say('维修工老张', '我的工单');
    expect(last(chat.textsTo(r, '维修工老张'))).toMatch(/在办工单/);
  });
});

describe('complaints, praise and other reports', () => {
  it('apologises first, collects details and routes the complaint to the customer-service supervisor', async () => {
    let r = await chat.say('朱娟', '我要投诉');
    const texts = chat.textsTo(r, '朱娟');
    expect(texts[0]).toContain('抱歉');
    expect(last(texts)).toContain('发生了什么');
    r = await chat.say('朱娟', '保安晚上骂人，态度很差');
    expect(last(chat.textsTo(r, '朱娟'))).toContain('涉及哪位员工');
    r = await chat.say('朱娟', '协管员马强');
    expect(last(chat.textsTo(r, '朱娟'))).toContain('请确认投诉内容');
    r = await chat.say('朱娟', '1');
    expect(last(chat.textsTo(r, '朱娟'))).toMatch(/投诉已登记，编号 TS\d{8}-\d{4}/);
    expect(chat.textsTo(r, '客服主管周敏').join()).toContain('新投诉');
    const [t] = await chat.ticketsOf('朱娟');
    expect(t).toMatchObject({ kind: 'complaint', state: 'received' });
    expect(String((t!.subject as { personId: unknown }).personId)).toMatch(/^[a-f0-9]{24}$/);
  });

  it('records praise of a named worker for zone scoring', async () => {
    const r = await chat.say('胡涛', '表扬维修工老张，半夜来帮我修水管');
    const thanks = last(chat.textsTo(r, '胡涛'));
    expect(thanks).toMatch(/感谢您对维修工老张的表扬.*BY\d{8}-\d{4}/s);
    // the name is part of the sentence, never left dangling after it
    expect(thanks).not.toMatch(/。\s*维修工老张$/);
    const [t] = await chat.ticketsOf('胡涛');
    expect(t).toMatchObject({ kind: 'praise' });
    expect((t!.subject as { text: string }).text).toBe('维修工老张');
  });

  it('answers an inquiry from the knowledge base, and registers it for the desk on “人工”', async () => {
    let r = await chat.say('郭明', '请问物业费怎么交');
    expect(last(chat.textsTo(r, '郭明'))).toMatch(/前台[\s\S]*人工/);
    r = await chat.say('郭明', '人工');
    expect(last(chat.textsTo(r, '郭明'))).toMatch(/咨询.*ZX\d{8}-\d{4}/);
  });

  it('records every transition of a chat-made ticket on its timeline', async () => {
    const [t] = await chat.ticketsOf('张伟');
    const events = await TicketEvent.find({ ticketId: t!._id }).sort({ seq: 1 }).lean();
    expect(events.map((e) => e.event)).toEqual([
      'create',
      'dispatch',
      'accept',
      'arrive',
      'complete',
      'rate',
    ]);
  });
});

describe('progress inside an open report', () => {
  it('answers 我的报修 mid-flow and keeps the question open', async () => {
    await chat.say('赵敏', '阳台的水龙头坏了');
    const r = await chat.say('赵敏', '我的报修');
    expect(last(chat.textsTo(r, '赵敏'))).not.toContain('没看懂');
    const next = await chat.say('赵敏', '尽快');
    expect(last(chat.textsTo(next, '赵敏'))).toContain('请确认报修信息');
    await chat.say('赵敏', '取消');
  });
});
