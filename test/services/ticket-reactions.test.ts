import type { Types } from 'mongoose';
import { OpenTicket, PendingReaction, Person, Ticket, TicketEvent } from '../../src/data/models/index.js';
import { Outbox, OutboxNotifier } from '../../src/notify/outbox.js';
import { ticketNotices } from '../../src/chat/ticket-notices.js';
import { autoDispatcher } from '../../src/services/auto-dispatch.js';
import { asOf } from '../../src/services/ticket-reactions.js';
import { createCalendar, type Services } from '../../src/app.js';
import { useTestDatabase } from '../support/db.js';
import { demoDomain, silentLog, testConfig, type TestDomain } from '../support/fixtures.js';

useTestDatabase();

let d: TestDomain;
const order: string[] = [];

beforeAll(async () => {
  const config = testConfig({
    dispatch: { mode: 'auto' },
    notify: { quietStart: '03:00', quietEnd: '03:00' },
  });
  d = await demoDomain({ config });
  const notifier = new OutboxNotifier({ ...config.notify, timezone: config.timezone }, silentLog);
  const services = { config, notifier, tickets: d.tickets, log: silentLog } as unknown as Services;
  d.tickets.onEvent(async (h) => void order.push(`${h.ticket.number}:${h.seq}:${h.event}`));
  d.tickets.onEvent(ticketNotices(services, 'mock'));
  d.tickets.onEvent(
    autoDispatcher({
      config,
      tickets: d.tickets,
      log: silentLog,
      notifier,
      calendar: createCalendar(config),
    }),
  );
});

/** As if a crash came before the event's reactions ran: its pending row is back. */
async function leftPending(ticketId: Types.ObjectId, seq: number) {
  const e = (await TicketEvent.findOne({ ticketId, seq }).lean())!;
  await PendingReaction.collection.insertOne({ _id: e._id, ticketId: e.ticketId });
}

describe('reactions to ticket changes', () => {
  it('run after the change is stored, in timeline order per ticket (creation before the dispatch it causes)', async () => {
    const owner = await d.as('张伟');
    const t = await d.tickets.create(owner, {
      kind: 'repair',
      unitId: owner.unitIds[0],
      description: '马桶堵了',
    });
    expect(t.state).toBe('received'); // the caller is answered before dispatch happens
    await d.tickets.idle();
    expect(order.filter((o) => o.startsWith(t.number))).toEqual([
      `${t.number}:0:create`,
      `${t.number}:1:dispatch`,
    ]);
    expect((await Ticket.findById(t._id).lean())!.state).toBe('dispatched');
    // every reaction has run: no event left pending, the timeline never updated
    expect(await PendingReaction.countDocuments({ ticketId: t._id })).toBe(0);
    const events = await TicketEvent.find({ ticketId: t._id }).sort({ seq: 1 }).lean();
    expect(events.map((e) => e.reacted)).toEqual([undefined, undefined]);
  });

  it('still run for a change made later in the context of a message already handled', async () => {
    // e.g. the next message of an owner delivered from inside the send of the bot's last answer
    const owner = await d.as('张伟');
    let later!: Promise<{ number: string; _id: unknown }>;
    await d.tickets.deferReactions(async () => {
      later = new Promise((resolve) =>
        setTimeout(() => {
          void d.tickets
            .create(owner, { kind: 'repair', unitId: owner.unitIds[0], description: '灯不亮' })
            .then(resolve);
        }, 20),
      );
    });
    const t = await later;
    await d.tickets.idle();
    expect(order.filter((o) => o.startsWith(t.number))).toEqual([
      `${t.number}:0:create`,
      `${t.number}:1:dispatch`,
    ]);
  });

  it('a second repair of the same home goes to the worker already going there', async () => {
    const owner = await d.as('李娜');
    const first = await d.tickets.create(owner, {
      kind: 'repair',
      unitId: owner.unitIds[0],
      description: '客厅墙皮脱落',
      category: 'walls', // nobody's skill: the home decides, not the load
    });
    await d.tickets.idle();
    const second = await d.tickets.create(owner, {
      kind: 'repair',
      unitId: owner.unitIds[0],
      description: '卧室墙面开裂',
      category: 'walls',
    });
    await d.tickets.idle();
    const [a, b] = await Promise.all([Ticket.findById(first._id).lean(), Ticket.findById(second._id).lean()]);
    expect(a!.assigneeId).toBeTruthy();
    expect(String(b!.assigneeId)).toBe(String(a!.assigneeId));
  });

  it('a worker who sends an order back is passed over by automatic dispatch', async () => {
    const owner = await d.as('张伟');
    const t = await d.tickets.create(owner, {
      kind: 'repair',
      unitId: owner.unitIds[0],
      description: '水龙头坏了',
    });
    await d.tickets.idle();
    const first = (await Ticket.findById(t._id).lean())!;
    const worker = await d.directory.actorForPerson(String(first.assigneeId));
    await d.tickets.fire(worker, t.number, 'send_back', { note: '今天不在小区' });
    await d.tickets.idle();
    const again = (await Ticket.findById(t._id).lean())!;
    expect(again.state).toBe('dispatched');
    expect(again.assigneeId).toBeTruthy();
    expect(String(again.assigneeId)).not.toBe(String(first.assigneeId));
  });

  it('after a crash between logging a creation and writing its ticket, recovery writes it, dispatches it and tells the owner', async () => {
    const owner = await d.as('陈丽');
    const t = await d.tickets.create(owner, {
      kind: 'repair',
      unitId: owner.unitIds[0],
      description: '阳台地漏反水',
    });
    await d.tickets.idle();
    // as if the process died right after the creation was logged: no ticket, no reactions
    await Ticket.deleteOne({ _id: t._id });
    await OpenTicket.deleteOne({ _id: t._id });
    await TicketEvent.deleteMany({ ticketId: t._id, seq: { $gt: 0 } });
    await leftPending(t._id, 0);
    await Outbox.deleteMany({ ticketNumber: t.number });
    const replayed = await d.tickets.reactions.recover(
      { restore: (e) => d.tickets.restoreCreated(e as never) },
      new Date(Date.now() + 60_000),
    );
    expect(replayed).toBe(1);
    const restored = (await Ticket.findById(t._id).lean())!;
    expect(restored.description).toBe('阳台地漏反水');
    expect(restored.state).toBe('dispatched');
    const ownerRows = await Outbox.find({
      personId: (await Person.findOne({ name: '陈丽' }))!._id,
      ticketNumber: restored.number,
    }).lean();
    expect(ownerRows.map((r) => r.reason)).toContain('notice.registered');
  });

  it('after a crash between logging a dispatch and moving its ticket, recovery applies it and tells the worker', async () => {
    const owner = await d.as('陈丽');
    const t = await d.tickets.create(owner, {
      kind: 'repair',
      unitId: owner.unitIds[0],
      description: '卫生间灯不亮',
    });
    await d.tickets.idle();
    const dispatched = (await Ticket.findById(t._id).lean())!;
    expect(dispatched.state).toBe('dispatched');
    // as if the process died after logging the dispatch, its creation already reacted to: the
    // ticket still as the creation left it, the dispatch unreacted, nobody told
    // (an open ticket's current state is its copy: src/data/ticket-store.ts)
    for (const m of [Ticket, OpenTicket] as const)
      await (m as typeof Ticket).updateOne(
        { _id: t._id },
        { $set: { state: 'received', version: 0, assigneeId: null, assigneeName: null } },
      );
    await leftPending(t._id, 1);
    await Outbox.deleteMany({ ticketNumber: t.number, personId: dispatched.assigneeId });
    const replayed = await d.tickets.reactions.recover(
      {
        restore: async () => undefined,
        rollForward: (id, before) => d.tickets.rollForward(id, before),
      },
      new Date(Date.now() + 60_000),
    );
    expect(replayed).toBe(1);
    const after = (await Ticket.findById(t._id).lean())!;
    expect(after).toMatchObject({ state: 'dispatched', version: 1 });
    expect(String(after.assigneeId)).toBe(String(dispatched.assigneeId));
    const workerRows = await Outbox.find({ ticketNumber: t.number, personId: dispatched.assigneeId }).lean();
    expect(workerRows.length).toBeGreaterThan(0);
  });

  it('rebuilds the ticket as each event left it from the timeline', () => {
    const current = {
      _id: 'x',
      number: 'BX20261129-0001',
      createdAt: new Date(0),
      assigneeName: 'B',
    } as never;
    const timeline = [
      { seq: 0, patch: [{ path: 'state', value: 'received' }] },
      {
        seq: 1,
        patch: [
          { path: 'state', value: 'dispatched' },
          { path: 'assigneeName', value: 'A' },
          { path: 'sla.acceptBy', value: 1 },
        ],
      },
      { seq: 2, patch: [{ path: 'assigneeName', value: 'B' }] },
    ];
    expect(asOf(current, timeline, 1)).toMatchObject({
      state: 'dispatched',
      assigneeName: 'A',
      sla: { acceptBy: 1 },
    });
    expect(asOf(current, timeline, 0)).not.toHaveProperty('assigneeName');
  });
});
