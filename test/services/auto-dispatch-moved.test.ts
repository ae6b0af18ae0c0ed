import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { createServices, registerTicketReactions, type Services } from '../../src/app.js';
import { clearDirectoryCache } from '../../src/data/directory-cache.js';
import { Person } from '../../src/data/models/index.js';
import { loadDemoData } from '../../src/demo/seed.js';
import { Outbox } from '../../src/notify/outbox.js';
import { silentLog, testConfig } from '../support/fixtures.js';

/**
 * An urgent order moved to another zone by the place the owner adds (add_detail's location):
 * its worker keeps it when they cover the new zone, a worker of the new zone takes it over when
 * they do not (transfer: accept and arrival deadlines anew), and the supervisor is asked when
 * nobody there can.
 */
let s: Services;
beforeAll(async () => {
  const config = testConfig({
    db: { uri: process.env.MONGODB_URI },
    demo: true,
    dispatch: { mode: 'auto', maxOpenPerWorker: 100 },
    scheduler: { enabled: false },
    notify: { quietStart: '03:00', quietEnd: '03:00' },
  });
  s = await createServices(config, silentLog, { dbName: `m_${randomBytes(6).toString('hex')}` });
  await loadDemoData(s);
  registerTicketReactions(s);
}, 60_000);
afterAll(async () => {
  await mongoose.connection.db?.dropDatabase().catch(() => undefined);
  await s?.db.close();
});

const person = async (name: string) => {
  const p = await Person.findOne({ name }).lean();
  return s.directory.actorForPerson(String(p!._id));
};

/** A cry for help at the home of `owner`, dispatched; then the place they add. */
async function cryThenPlace(owner: string, location: string) {
  const actor = await person(owner);
  const t = await s.tickets.create(actor, {
    kind: 'help',
    department: 'security',
    category: 'safety',
    unitId: actor.unitIds[0],
    urgency: 'urgent',
    description: '救命',
  });
  await s.tickets.idle();
  const before = await s.tickets.get(actor, t.number);
  await s.tickets.fire(actor, t.number, 'add_detail', { note: location, location });
  await s.tickets.idle();
  return { before, after: await s.tickets.get(actor, t.number) };
}

describe('an urgent order moved to another zone', () => {
  it('stays with a worker who covers the new zone too', async () => {
    // 马强 covers A区 and B区
    const { before, after } = await cryThenPlace('张伟', '3栋楼下');
    expect(before.assigneeName).toBe('协管员马强');
    expect(after).toMatchObject({ assigneeName: '协管员马强', state: 'dispatched' });
    expect(after.sla?.acceptBy).toEqual(before.sla?.acceptBy);
  });

  it('goes to a worker of the new zone when its worker does not cover it', async () => {
    // 朱军 covers C区 only; 3栋 is in B区
    const { before, after } = await cryThenPlace('郑伟', '3栋楼下');
    expect(before.assigneeName).toBe('协管员朱军');
    expect(after).toMatchObject({ assigneeName: '协管员马强', state: 'dispatched' });
    expect(after.sla!.acceptBy!.getTime()).toBeGreaterThan(before.sla!.acceptBy!.getTime());
    const timeline = await s.tickets.timeline(after, { reminders: false });
    expect(timeline.map((e) => e.event)).toEqual(['create', 'dispatch', 'add_detail', 'transfer']);
  });

  it('asks the supervisor, its worker still on it, when nobody in the new zone can take it', async () => {
    await Person.updateOne({ name: '协管员马强' }, { active: false });
    clearDirectoryCache();
    try {
      const { after } = await cryThenPlace('梁芳', '1栋楼下');
      expect(after).toMatchObject({ assigneeName: '协管员朱军', state: 'dispatched' });
      const supervisor = await Person.findOne({ name: '安防队长杨勇' }).lean();
      const asked = await Outbox.find({ personId: supervisor!._id, ticketNumber: after.number }).lean();
      expect(asked.some((o) => o.text.includes('待派工'))).toBe(true);
    } finally {
      await Person.updateOne({ name: '协管员马强' }, { active: true });
      clearDirectoryCache();
    }
  });
});
