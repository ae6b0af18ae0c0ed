import { jest } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Types } from 'mongoose';
import {
  ChatIdentity,
  Conversation,
  Counter,
  MessageLog,
  OpenTicket,
  PendingReaction,
  Ticket,
  TicketEvent,
  TicketNumber,
  TicketReminder,
  TicketReminderHistory,
} from '../../src/data/models/index.js';
import { recordReminder, remindersOf } from '../../src/data/ticket-reminders.js';
import { indexTicketNumber, rebuildTicketNumbers } from '../../src/data/ticket-lookup.js';
import { migrateNaturalIds, migrateUnreactedEvents } from '../../src/data/maintenance.js';
import { mirrorOpenTicket, openLoad } from '../../src/data/open-tickets.js';
import { trimHistory } from '../../src/data/retention.js';
import { Outbox, OutboxHistory } from '../../src/notify/outbox.js';
import { useTestDatabase } from '../support/db.js';
import { silentLog, testConfig } from '../support/fixtures.js';

useTestDatabase();

describe('natural _ids on the message path', () => {
  it('stores and upserts chat identities under platform:contactId and finds them by it', async () => {
    await ChatIdentity.updateOne(
      { platform: 'wechat', contactId: 'c1' },
      { $set: { displayName: '张伟' } },
      { upsert: true },
    );
    await ChatIdentity.create({ platform: 'wechat', contactId: 'c2', displayName: '李娜' });
    expect(await ChatIdentity.findById('wechat:c1').lean()).toMatchObject({
      contactId: 'c1',
      platform: 'wechat',
    });
    expect(await ChatIdentity.findById('wechat:c2').lean()).toMatchObject({ displayName: '李娜' });
    expect(await ChatIdentity.findOne({ platform: 'wechat', contactId: 'c1' }).lean()).toMatchObject({
      _id: 'wechat:c1',
    });
  });

  it('moves identities and conversations stored with ObjectIds to their keys at start', async () => {
    await ChatIdentity.collection.insertOne({
      _id: new Types.ObjectId() as never,
      platform: 'wechat',
      contactId: 'old',
      displayName: '王芳',
    });
    await Conversation.collection.insertOne({
      _id: new Types.ObjectId() as never,
      key: 'wechat:dm:old',
      flow: 'repair',
      step: 'time',
      data: {},
      version: 1,
      expiresAt: new Date(Date.now() + 60_000),
    });
    expect(await migrateNaturalIds(silentLog)).toBe(2);
    expect(await ChatIdentity.findById('wechat:old').lean()).toMatchObject({ displayName: '王芳' });
    expect(await Conversation.findById('wechat:dm:old').lean()).toMatchObject({ step: 'time' });
    expect(await migrateNaturalIds(silentLog)).toBe(0);
  });
});

describe('reactions pending after an upgrade', () => {
  it('gives timeline events an earlier version left unreacted their pending row, once', async () => {
    await Counter.deleteOne({ _id: 'migrated:pending-reactions' });
    const ticketId = new Types.ObjectId();
    const base = { ticketId, at: new Date(), event: 'dispatch', actorKind: 'system' };
    const [unreacted] = await TicketEvent.collection
      .insertMany([
        { ...base, seq: 1, reacted: false },
        { ...base, seq: 2, reacted: true },
        { ...base, seq: 3 },
      ])
      .then((r) => Object.values(r.insertedIds));
    expect(await migrateUnreactedEvents(silentLog)).toBe(1);
    expect((await PendingReaction.find({ ticketId }).lean()).map((p) => String(p._id))).toEqual([
      String(unreacted),
    ]);
    // later starts read no timeline
    await TicketEvent.collection.insertOne({ ...base, seq: 4, reacted: false });
    expect(await migrateUnreactedEvents(silentLog)).toBe(0);
    expect(await PendingReaction.countDocuments({ ticketId })).toBe(1);
  });
});

describe('bounded working sets', () => {
  it('keeps open tickets in the mirror and removes them when they close, never going back a version', async () => {
    const _id = new Types.ObjectId();
    const t = { _id, number: 'BX1', sourceKey: 's1', state: 'received', version: 1 };
    await mirrorOpenTicket(t);
    await mirrorOpenTicket({ ...t, state: 'dispatched', version: 2 });
    await mirrorOpenTicket({ ...t, state: 'received', version: 1 }); // a late listener of the older change
    expect(await OpenTicket.findById(_id).lean()).toMatchObject({ state: 'dispatched', version: 2 });
    await mirrorOpenTicket({ ...t, state: 'closed', version: 3 });
    expect(await OpenTicket.findById(_id).lean()).toBeNull();
  });

  it('counts the open tickets of each worker from memory, kept by the ticket changes of this process', async () => {
    const worker = String(new Types.ObjectId());
    const other = String(new Types.ObjectId());
    const t = (state: string, version: number, assigneeId = worker) => ({
      _id: first,
      number: 'BX2',
      sourceKey: 's2',
      state,
      version,
      assigneeId,
    });
    const first = new Types.ObjectId();
    await mirrorOpenTicket(t('dispatched', 1));
    expect(await openLoad([worker, other], ['dispatched', 'accepted'])).toEqual(new Map([[worker, 1]]));
    // later changes need no read of the mirror
    const find = jest.spyOn(OpenTicket, 'find');
    await mirrorOpenTicket(t('accepted', 2, other));
    expect(await openLoad([worker, other], ['dispatched', 'accepted'])).toEqual(new Map([[other, 1]]));
    await mirrorOpenTicket(t('dispatched', 1)); // a late listener of the older change changes nothing
    expect(await openLoad([worker, other], ['accepted'])).toEqual(new Map([[other, 1]]));
    await mirrorOpenTicket(t('closed', 3, other));
    expect(await openLoad([worker, other], ['accepted'])).toEqual(new Map());
    expect(find).not.toHaveBeenCalled();
    find.mockRestore();
  });

  it('archives and trims message logs and finished outbox rows past their retention', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wuye-retention-'));
    const config = testConfig({ dataDir, retention: { messageLogs: '30 days', outbox: '30 days' } });
    const old = new Date(Date.now() - 40 * 86_400_000);
    await MessageLog.collection.insertMany([
      { _id: 'mock:old' as never, platformMessageId: 'mock:old', direction: 'in', chatId: 'c', at: old },
      {
        _id: 'mock:new' as never,
        platformMessageId: 'mock:new',
        direction: 'in',
        chatId: 'c',
        at: new Date(),
      },
    ]);
    const trimmed = await trimHistory(config, silentLog);
    expect(trimmed).toEqual(
      expect.arrayContaining([expect.objectContaining({ collection: 'messagelogs', removed: 1 })]),
    );
    expect(await MessageLog.countDocuments({})).toBe(1);
    const archive = trimmed.find((t) => t.collection === 'messagelogs')!.archive!;
    expect(existsSync(archive)).toBe(true);
    expect(readFileSync(archive, 'utf8')).toContain('mock:old');
  });

  it('moves done outbox rows past a day to the outbox history, and trims that past its retention', async () => {
    const config = testConfig({ retention: { outbox: '30 days', archive: false } });
    const day = 86_400_000;
    const row = (id: string, status: string, ago: number) => {
      const at = new Date(Date.now() - ago);
      return {
        _id: id as never,
        audience: 'owner',
        text: '您的报修已受理',
        reason: 'reply',
        order: at.getTime() * 1000,
        sendAfter: at,
        status,
        createdAt: at,
        updatedAt: at,
      };
    };
    await Outbox.collection.insertMany([
      row('out-today', 'sent', 60_000),
      row('out-waiting', 'pending', 3 * day), // held: never moved while it waits
      row('out-2d', 'sent', 2 * day),
      row('out-failed', 'failed', 5 * day),
      row('out-40d', 'sent', 40 * day),
    ]);
    // a move cut short before: the row is in both
    await OutboxHistory.collection.insertOne(row('out-2d', 'sent', 2 * day));
    await trimHistory(config, silentLog);
    const ids = async (m: typeof Outbox) => (await m.find({}, { _id: 1 }).lean()).map((r) => r._id).sort();
    expect(await ids(Outbox)).toEqual(['out-today', 'out-waiting']);
    expect(await ids(OutboxHistory as never)).toEqual(['out-2d', 'out-failed']);
  });

  it('moves reminders past the tickets’ working time to the reminder history, still on an old ticket’s timeline', async () => {
    const config = testConfig({ retention: { ticketsWorking: '90 days', archive: false } });
    const day = 86_400_000;
    const ticket = { _id: new Types.ObjectId(), version: 1, state: 'dispatched' };
    const remind = (key: string, ago: number) =>
      recordReminder({ key, ticket, at: new Date(Date.now() - ago * day), data: { reminder: 'x' } });
    await Promise.all([remind('r-100d', 100), remind('r-2d', 2), remind('r-2d', 2)]); // the repeat: once
    await trimHistory(config, silentLog);
    expect((await TicketReminder.find({}).lean()).map((r) => r._id)).toEqual(['r-2d']);
    expect((await TicketReminderHistory.find({}).lean()).map((r) => r._id)).toEqual(['r-100d']);
    const workingSince = new Date(Date.now() - 90 * day);
    const created = (ago: number) => ({ _id: ticket._id, createdAt: new Date(Date.now() - ago * day) });
    expect((await remindersOf(created(120), workingSince)).map((r) => r._id)).toEqual(['r-100d', 'r-2d']);
    // a ticket younger than the working time has none in the history: only the log is read
    expect((await remindersOf(created(10), workingSince)).map((r) => r._id)).toEqual(['r-2d']);
  });

  it('trims more old rows than one delete command takes, keeping the recent ones', async () => {
    const config = testConfig({ retention: { messageLogs: '30 days', archive: false } });
    const old = new Date(Date.now() - 40 * 86_400_000);
    const row = (id: string, at: Date) => ({
      _id: id as never,
      platformMessageId: id,
      direction: 'in',
      chatId: 'many',
      at,
    });
    await MessageLog.collection.insertMany([
      ...Array.from({ length: 250 }, (_, i) => row(`mock:many-old-${i}`, old)),
      ...Array.from({ length: 5 }, (_, i) => row(`mock:many-new-${i}`, new Date())),
    ]);
    const trimmed = await trimHistory(config, silentLog);
    expect(trimmed.find((t) => t.collection === 'messagelogs')).toMatchObject({ removed: 250 });
    expect(await MessageLog.countDocuments({ chatId: 'many' })).toBe(5);
  }, 60_000);
});

describe('ticket-number index', () => {
  it('is rebuilt at start for tickets written without it, merging with entries already there', async () => {
    const communityId = new Types.ObjectId();
    const base = { communityId, kind: 'repair', scope: 'public', description: '灯坏了', state: 'received' };
    const [a, b, c] = [new Types.ObjectId(), new Types.ObjectId(), new Types.ObjectId()];
    await Ticket.collection.insertMany([
      { ...base, _id: a, number: 'BX20990101-0001', sourceKey: 'rebuild-a' },
      { ...base, _id: b, number: 'BX20990101-0002', sourceKey: 'rebuild-b' },
      {
        ...base,
        _id: c,
        number: 'BX20990101-0001',
        sourceKey: 'rebuild-c',
        communityId: new Types.ObjectId(),
      },
    ] as never[]);
    await TicketNumber.collection.insertOne({ _id: 'BX20990101-0001' as never, ids: [a] });
    expect(await rebuildTicketNumbers()).toBe(3);
    const one = await TicketNumber.findById('BX20990101-0001').lean();
    expect(one?.ids.map(String).sort()).toEqual([String(a), String(c)].sort());
    expect((await TicketNumber.findById('BX20990101-0002').lean())?.ids.map(String)).toEqual([String(b)]);
    await rebuildTicketNumbers(); // (one number names two tickets: the counts never match) changes nothing
    expect(await TicketNumber.countDocuments()).toBe(2);
    expect((await TicketNumber.findById('BX20990101-0001').lean())?.ids).toHaveLength(2);
  });

  it('indexes the number of a new ticket, and a second ticket under a number already taken', async () => {
    const [a, b] = [new Types.ObjectId(), new Types.ObjectId()];
    await indexTicketNumber({ _id: a, number: 'BX20990102-0001' });
    await indexTicketNumber({ _id: b, number: 'BX20990102-0001' }); // another community's sequence
    await indexTicketNumber({ _id: b, number: 'BX20990102-0001' }); // told twice: kept once
    const entry = await TicketNumber.findById('BX20990102-0001').lean();
    expect(entry?.ids.map(String).sort()).toEqual([String(a), String(b)].sort());
  });
});
