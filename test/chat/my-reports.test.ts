import { jest } from '@jest/globals';
import { Types } from 'mongoose';
import { OpenTicket, Ticket, TicketArchive } from '../../src/data/models/index.js';
import { flushTickets } from '../../src/data/ticket-store.js';
import { last, startChat, type ChatHarness } from '../support/chat.js';

const NUMBER = /BX\d{8}-\d{4}/;
const DAY = 86_400_000;
let chat: ChatHarness;
beforeAll(async () => {
  chat = await startChat();
}, 60_000);
afterAll(async () => chat?.close());

describe('我的报修: an owner’s own reports of the working time', () => {
  it('lists the last 90 days’ reports, and never reads the ticket archive on the way', async () => {
    const first = await chat.say('赵敏', '我家厨房水龙头一直漏水，明天下午在家');
    await chat.say('赵敏', '确认');
    const number = NUMBER.exec(
      [...first, ...(await chat.say('赵敏', '我的报修'))].map((r) => r.text).join('\n'),
    );
    expect(number).toBeTruthy();
    await flushTickets();
    const mine = (await Ticket.findOne({ number: number![0] }).lean())!;
    // two closed reports of theirs from long ago: one still in `tickets`, one archived
    const old = (days: number, n: number) => ({
      ...mine,
      _id: new Types.ObjectId(),
      number: `BX20200101-000${n}`,
      sourceKey: `old-${n}`,
      state: 'closed',
      description: `很久以前的报修${n}`,
      createdAt: new Date(Date.now() - days * DAY),
      updatedAt: new Date(Date.now() - days * DAY),
    });
    await Ticket.collection.insertOne(old(100, 1) as never);
    await TicketArchive.collection.insertOne(old(400, 2) as never);
    const archiveFind = jest.spyOn(TicketArchive, 'find');
    const archiveCount = jest.spyOn(TicketArchive, 'countDocuments');
    const text = last(chat.textsTo(await chat.say('赵敏', '我的报修'), '赵敏'));
    expect(text).toContain(number![0]);
    expect(text).not.toContain('很久以前');
    expect(archiveFind).not.toHaveBeenCalled();
    expect(archiveCount).not.toHaveBeenCalled();
    archiveFind.mockRestore();
    archiveCount.mockRestore();
  });

  it('still lists a report older than 90 days that is not done yet (open work is never archived)', async () => {
    // 赵敏's report of the first test, and one of theirs from 120 days ago still waiting for a quote
    const recent = (await Ticket.findOne({ description: /水龙头/ }).lean())!;
    const longOpen = {
      ...recent,
      _id: new Types.ObjectId(),
      number: 'BX20200101-0009',
      sourceKey: 'old-open-9',
      state: 'awaiting_quote',
      description: '等配件的老报修',
      createdAt: new Date(Date.now() - 120 * DAY),
      updatedAt: new Date(Date.now() - 2 * DAY),
    };
    await Ticket.collection.insertOne(longOpen as never);
    await OpenTicket.collection.insertOne(longOpen as never);
    const text = last(chat.textsTo(await chat.say('赵敏', '我的报修'), '赵敏'));
    expect(text).toContain(recent.number);
    expect(text).toContain('BX20200101-0009');
    expect(text).toContain('共 2 条');
  });

  it('says there is nothing in the last 90 days when the owner reported nothing since', async () => {
    const text = last(chat.textsTo(await chat.say('孙艳', '我的报修'), '孙艳'));
    expect(text).toContain('近 90 天内您没有报事记录');
  });
});
