import { Ticket } from '../../src/data/models/index.js';
import { startChat, type ChatHarness } from '../support/chat.js';

/**
 * A danger told where an ordinary problem is already open ("救命 电梯里有人被困了" beside a lift
 * reported as noisy): its own urgent order, the supervisor and zone manager alerted, never a
 * "we will not send a second team" link to the ordinary one. A danger already reported is joined.
 */
let chat: ChatHarness;
beforeAll(async () => {
  chat = await startChat();
}, 60_000);
afterAll(async () => chat?.close());

describe('a danger where an ordinary problem is already open', () => {
  it('gets its own urgent order', async () => {
    await chat.say('郭明', '4栋电梯坏了');
    const [noisy] = await chat.ticketsOf('郭明');
    expect(noisy).toMatchObject({ category: 'elevator', scope: 'public' });

    const r = await chat.say('何超', '救命 电梯里有人被困了');
    const told = chat.textsTo(r, '何超').join('\n');
    expect(told).not.toContain(noisy!.number);
    const [mine] = await chat.ticketsOf('何超');
    expect(mine).toMatchObject({ urgency: 'urgent' });
    expect(told).toContain(mine!.number);
    expect(chat.textsTo(r, '工程主管陈刚').join()).toContain(mine!.number);
  });

  it('joins a danger already reported there', async () => {
    await chat.say('林秀英', '4栋楼道里煤气味很重');
    const [first] = await chat.ticketsOf('林秀英');
    expect(first).toMatchObject({ urgency: 'urgent', scope: 'public' });
    const before = await Ticket.countDocuments({ urgency: 'urgent' });
    const r = await chat.say('罗霞', '4栋楼道一股煤气味');
    expect(await Ticket.countDocuments({ urgency: 'urgent' })).toBe(before);
    expect(chat.textsTo(r, '罗霞').join()).toContain(first!.number);
  });

  it('takes where it is, said next, as part of the danger, not as a report of its own', async () => {
    await chat.say('高平', '电梯里有人被困住了，快来人啊');
    const [danger] = await chat.ticketsOf('高平');
    expect(danger).toMatchObject({ urgency: 'urgent' });
    const r = await chat.say('高平', '在6栋电梯');
    expect(chat.textsTo(r, '高平').join()).toContain(danger!.number);
    expect(await chat.ticketsOf('高平')).toHaveLength(1);
    const t = await Ticket.findOne({ number: danger!.number }).lean();
    expect(t!.description).toContain('6栋');
  });
});
