import mongoose from 'mongoose';
import { OpenTicket, Ticket, TicketArchive } from '../../src/data/models/index.js';
import { trimHistory } from '../../src/data/retention.js';
import { mirrorOpenTicket } from '../../src/data/open-tickets.js';
import {
  flushTickets,
  readTicket,
  reconcileOpenTickets,
  setWriteBehindDelay,
  ticketsWaiting,
} from '../../src/data/ticket-store.js';
import { SYSTEM_ACTOR } from '../../src/domain/actor.js';
import { useTestDatabase } from '../support/db.js';
import { demoDomain, silentLog, testConfig, type TestDomain } from '../support/fixtures.js';

useTestDatabase();

let d: TestDomain;
beforeAll(async () => {
  d = await demoDomain();
});

/** The stored `tickets` document, read with the driver (no wait for the writes behind). */
const stored = (id: unknown) => mongoose.connection.db!.collection('tickets').findOne({ _id: id as never });

/** The calls made on each collection while `fn` runs (mongoose's debug hook sees them all). */
async function callsOn<T>(fn: () => Promise<T>): Promise<{ result: T; on: Map<string, string[]> }> {
  const on = new Map<string, string[]>();
  mongoose.set('debug', (collection: string, method: string) => {
    on.set(collection, [...(on.get(collection) ?? []), method]);
  });
  try {
    return { result: await fn(), on };
  } finally {
    mongoose.set('debug', false);
  }
}

async function newRepair(description: string) {
  const owner = await d.as('张伟');
  const t = await d.tickets.create(owner, { kind: 'repair', unitId: owner.unitIds[0], description });
  await d.tickets.idle();
  await flushTickets();
  return t;
}

describe('an open ticket changes on its copy, and is written to tickets behind it', () => {
  it('moves the copy without touching tickets, then any query of tickets sees the move', async () => {
    const t = await newRepair('客厅插座没电');
    const plumber = await d.personId('维修工老张');
    const { result: moved, on } = await callsOn(() =>
      d.tickets.dispatch(SYSTEM_ACTOR, t.number, { assigneeId: plumber }),
    );
    expect(moved.state).toBe('dispatched');
    expect(on.get('tickets') ?? []).toEqual([]); // not one command on the growing collection
    expect(on.get('opentickets')).toContain('findOneAndUpdate');
    expect((await OpenTicket.findById(t._id).lean())?.state).toBe('dispatched');
    // a query of tickets waits for the change to be written behind the copy
    expect((await Ticket.findById(t._id).lean())?.state).toBe('dispatched');
    expect(ticketsWaiting()).toBe(0);
    expect((await stored(t._id))?.version).toBe(moved.version);
  });

  it('writes several quick changes of one ticket to tickets once, the newest', async () => {
    const t = await newRepair('卫生间排风扇不转');
    const worker = await d.personId('维修工老张');
    setWriteBehindDelay(60_000); // the two changes within the wait however slow the machine
    const { on } = await callsOn(async () => {
      const a = await d.tickets.dispatch(SYSTEM_ACTOR, t.number, { assigneeId: worker });
      await d.tickets.accept(await d.directory.actorForPerson(worker), a.number);
      await flushTickets();
    });
    setWriteBehindDelay();
    expect((on.get('tickets') ?? []).filter((c) => c === 'replaceOne')).toHaveLength(1);
    expect(await stored(t._id)).toMatchObject({ state: 'accepted', version: 2 });
  });

  it('stores a ticket that leaves the open work before its copy goes', async () => {
    const t = await newRepair('阳台灯不亮了');
    const owner = await d.as('张伟');
    await d.tickets.fire(owner, t.number, 'cancel', { note: '自己修好了' });
    // no wait: the write was part of the change
    expect(await stored(t._id)).toMatchObject({ state: 'cancelled' });
    expect(await OpenTicket.findById(t._id).lean()).toBeNull();
    expect((await d.tickets.get(SYSTEM_ACTOR, t.number)).state).toBe('cancelled');
  });

  it('reads a ticket without a copy at once, not after the other tickets waiting to be written', async () => {
    const closed = await newRepair('车库门口减速带松了');
    await d.tickets.fire(await d.as('张伟'), closed.number, 'cancel', { note: '不用修了' });
    const open = await newRepair('单元门禁刷不开');
    setWriteBehindDelay(60_000);
    try {
      await d.tickets.dispatch(SYSTEM_ACTOR, open.number, { assigneeId: await d.personId('维修工老张') });
      expect(ticketsWaiting()).toBe(1);
      expect((await d.tickets.get(SYSTEM_ACTOR, closed.number)).state).toBe('cancelled');
      expect(ticketsWaiting()).toBe(1); // nothing was flushed for that read
    } finally {
      setWriteBehindDelay();
      await flushTickets();
    }
  });

  it('keeps a newer copy when an older change of the ticket, no longer open, is mirrored late', async () => {
    // a note on the closed ticket (v) and its reopen (v+1) then a dispatch on the copy (v+2, behind):
    // the note's mirror finishing last must not remove the copy, which alone has v+2
    const t = await newRepair('地下室排水泵不转');
    setWriteBehindDelay(60_000);
    try {
      const moved = await d.tickets.dispatch(SYSTEM_ACTOR, t.number, {
        assigneeId: await d.personId('维修工老张'),
      });
      expect(ticketsWaiting()).toBe(1);
      await mirrorOpenTicket({ _id: moved._id, state: 'closed', version: moved.version - 1 });
      const read = await readTicket<{ version: number; state: string }>(moved._id);
      expect(read).toMatchObject({ version: moved.version, state: moved.state });
    } finally {
      setWriteBehindDelay();
      await flushTickets();
    }
  });

  it('changes a ticket that is no longer open in tickets, and gives a reopened one its copy', async () => {
    const t = await newRepair('楼道窗户关不上');
    await d.tickets.fire(await d.as('张伟'), t.number, 'cancel', { note: '不用了' });
    const noted = await d.tickets.fire(SYSTEM_ACTOR, t.number, 'note', { note: '业主来电说明' });
    expect(noted.state).toBe('cancelled');
    expect(await stored(t._id)).toMatchObject({ version: noted.version });
    expect(await OpenTicket.findById(t._id).lean()).toBeNull();
    const reopened = await d.tickets.fire(await d.as('片区管理员A王芳'), t.number, 'reopen', {
      note: '又坏了',
    });
    expect(reopened.state).toBe('received');
    expect(await OpenTicket.findById(t._id).lean()).toMatchObject({ version: reopened.version });
  });
});

describe('lists and reports take open tickets from their copies', () => {
  it('shows an open ticket as it is now and a stale stored state nowhere, counting it once', async () => {
    const t = await newRepair('主卧空调漏水');
    // the stored ticket behind its copy (as between a move and its write behind)
    await OpenTicket.updateOne({ _id: t._id }, { $set: { state: 'dispatched', version: 1 } });
    const boss = await d.as('客服主管周敏');
    const dispatched = await d.tickets.list(boss, { state: 'dispatched,received', q: '主卧空调' } as never);
    expect(dispatched.items.map((x) => [x.number, x.state])).toEqual([[t.number, 'dispatched']]);
    const all = await d.tickets.list(boss, { q: '主卧空调漏水' } as never);
    expect(all.items.map((x) => x.state)).toEqual(['dispatched']);
    expect(all.total).toBe(1);
    const received = await d.tickets.list(boss, { state: 'received,closed', q: '主卧空调漏水' } as never);
    expect(received.items).toEqual([]);
    expect(received.total).toBe(0);
    await OpenTicket.updateOne({ _id: t._id }, { $set: { state: 'received', version: 0 } });
  });
});

describe('at start, copies and tickets agree again (the newer wins)', () => {
  it('writes a copy newer than its ticket (a crash before the write behind)', async () => {
    const t = await newRepair('厨房下水道堵了');
    await OpenTicket.updateOne({ _id: t._id }, { $set: { state: 'dispatched', version: 1, note: 'x' } });
    expect(await stored(t._id)).toMatchObject({ state: 'received', version: 0 });
    await reconcileOpenTickets();
    expect(await stored(t._id)).toMatchObject({ state: 'dispatched', version: 1 });
  });

  it('copies an open ticket without a copy, refreshes an older copy, removes a closed one', async () => {
    const [a, b, c] = [
      await newRepair('门禁卡刷不开'),
      await newRepair('楼下路灯不亮'),
      await newRepair('电梯按钮失灵'),
    ];
    await OpenTicket.deleteOne({ _id: a._id });
    await Ticket.collection.updateOne({ _id: b._id }, { $set: { version: 5, category: 'lighting' } });
    await Ticket.collection.updateOne({ _id: c._id }, { $set: { version: 3, state: 'closed' } });
    await reconcileOpenTickets();
    expect(await OpenTicket.findById(a._id).lean()).toMatchObject({ version: 0 });
    expect(await OpenTicket.findById(b._id).lean()).toMatchObject({ version: 5, category: 'lighting' });
    expect(await OpenTicket.findById(c._id).lean()).toBeNull();
  });
});

describe('tickets closed long ago live in the archive', () => {
  const DAY = 86_400_000;
  async function closedLongAgo(description: string) {
    const t = await newRepair(description);
    await d.tickets.fire(await d.as('张伟'), t.number, 'cancel', { note: '不用修了' });
    const longAgo = new Date(Date.now() - 100 * DAY);
    await Ticket.collection.updateOne({ _id: t._id }, { $set: { updatedAt: longAgo, createdAt: longAgo } });
    return t;
  }

  it('moves them out of tickets daily; by number and in lists reaching back they are still there', async () => {
    const t = await closedLongAgo('书房窗帘轨道掉了');
    const open = await newRepair('书房灯不亮');
    await trimHistory(testConfig(), silentLog);
    expect(await stored(t._id)).toBeNull();
    expect(await TicketArchive.findById(t._id).lean()).toMatchObject({ state: 'cancelled' });
    expect(await stored(open._id)).not.toBeNull(); // open work stays
    expect((await d.tickets.get(SYSTEM_ACTOR, t.number)).description).toBe('书房窗帘轨道掉了');
    const admin = await d.as('客服主管周敏');
    const back = new Date(Date.now() - 120 * DAY).toISOString();
    const listed = await d.tickets.list(admin, { from: back, pageSize: '200' } as never);
    expect(listed.items.map((x) => x.number)).toEqual(expect.arrayContaining([t.number, open.number]));
    expect(listed.total).toBe(listed.items.length);
    // a list of the recent weeks does not read the archive
    const recent = await d.tickets.list(admin, { from: new Date(Date.now() - DAY).toISOString() } as never);
    expect(recent.items.map((x) => x.number)).not.toContain(t.number);
  });

  it('pages a list across tickets and the archive in one order', async () => {
    const old = [await closedLongAgo('旧单一'), await closedLongAgo('旧单二')];
    const fresh = [await newRepair('新单一'), await newRepair('新单二')];
    await trimHistory(testConfig(), silentLog);
    const admin = await d.as('客服主管周敏');
    const all = await d.tickets.list(admin, { pageSize: '200' } as never);
    const order = all.items.map((x) => x.number);
    for (const x of [...old, ...fresh]) expect(order).toContain(x.number);
    const created = all.items.map((x) => new Date(x.createdAt).getTime());
    expect(created).toEqual([...created].sort((a, b) => b - a));
    const page2 = await d.tickets.list(admin, { pageSize: '2', page: '2' } as never);
    expect(page2.items.map((x) => x.number)).toEqual(order.slice(2, 4));
    expect(page2.total).toBe(all.total);
  });

  it('brings an archived ticket back to tickets when it changes (reopened)', async () => {
    const t = await closedLongAgo('阳台推拉门卡住');
    await trimHistory(testConfig(), silentLog);
    const reopened = await d.tickets.fire(await d.as('片区管理员A王芳'), t.number, 'reopen', {
      note: '又卡住了',
    });
    expect(reopened.state).toBe('received');
    expect(await TicketArchive.findById(t._id).lean()).toBeNull();
    expect(await stored(t._id)).toMatchObject({ state: 'received' });
    expect(await OpenTicket.findById(t._id).lean()).toMatchObject({ state: 'received' });
  });
});
