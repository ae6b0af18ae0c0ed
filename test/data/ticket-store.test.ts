import mongoose from 'mongoose';
import { OpenTicket, Ticket } from '../../src/data/models/index.js';
import { flushTickets, reconcileOpenTickets, ticketsWaiting } from '../../src/data/ticket-store.js';
import { SYSTEM_ACTOR } from '../../src/domain/actor.js';
import { useTestDatabase } from '../support/db.js';
import { demoDomain, type TestDomain } from '../support/fixtures.js';

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
    const { on } = await callsOn(async () => {
      const a = await d.tickets.dispatch(SYSTEM_ACTOR, t.number, { assigneeId: worker });
      await d.tickets.accept(await d.directory.actorForPerson(worker), a.number);
      await flushTickets();
    });
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
