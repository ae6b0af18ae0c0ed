import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { createServices, registerTicketReactions, type Services } from '../../src/app.js';
import { Person } from '../../src/data/models/index.js';
import { loadDemoData } from '../../src/demo/seed.js';
import { Outbox } from '../../src/notify/outbox.js';
import { silentLog, testConfig } from '../support/fixtures.js';

/** Quiet hours all day long: only an owner who is awake hears at once. */
let s: Services;
beforeAll(async () => {
  const config = testConfig({
    db: { uri: process.env.MONGODB_URI },
    demo: true,
    dispatch: { mode: 'manual' },
    scheduler: { enabled: false },
    notify: { quietStart: '00:00', quietEnd: '23:59', awakeAfterReport: '1 ms' },
  });
  s = await createServices(config, silentLog, { dbName: `q_${randomBytes(6).toString('hex')}` });
  await loadDemoData(s);
  registerTicketReactions(s);
}, 60_000);
afterAll(async () => {
  await mongoose.connection.db?.dropDatabase().catch(() => undefined);
  await s?.db.close();
});

const actorOf = async (name: string) =>
  s.directory.actorForPerson(String((await Person.findOne({ name }).lean())!._id));

async function ownerNoticeOfAccept(urgency: 'urgent' | 'normal') {
  const owner = await actorOf('郭明');
  const t = await s.tickets.create(owner, {
    kind: 'repair',
    unitId: owner.unitIds[0],
    description: urgency === 'urgent' ? '水管爆了，水漫到客厅' : '阳台晾衣杆松了',
    urgency,
  });
  const worker = await Person.findOne({ name: '维修工老张' }).lean();
  await new Promise((r) => setTimeout(r, 5)); // older than awakeAfterReport
  await s.tickets.fire(await actorOf('前台小林'), t.number, 'dispatch', { assigneeId: String(worker!._id) });
  await s.tickets.fire(await actorOf('维修工老张'), t.number, 'accept', {});
  await s.tickets.idle();
  const row = await Outbox.findOne({ ticketNumber: t.number, personId: owner.personId })
    .sort({ order: -1 })
    .lean();
  return { row: row!, now: Date.now() };
}

describe('owner notices in quiet hours', () => {
  it('go at once for an urgent ticket', async () => {
    const { row, now } = await ownerNoticeOfAccept('urgent');
    expect(new Date(row.sendAfter).getTime()).toBeLessThanOrEqual(now);
  });
  it('wait for the end of quiet hours for an ordinary one reported a while ago', async () => {
    const { row, now } = await ownerNoticeOfAccept('normal');
    expect(new Date(row.sendAfter).getTime()).toBeGreaterThan(now);
  });
  it('an arrival at the owner’s door goes at once; one at a public place waits and says when', async () => {
    const owner = await actorOf('郭明');
    const desk = await actorOf('前台小林');
    const worker = await actorOf('维修工老张');
    const home = await s.tickets.create(owner, {
      kind: 'repair',
      unitId: owner.unitIds[0],
      description: '卫生间门锁坏了',
    });
    const lift = await s.tickets.create(owner, {
      kind: 'repair',
      scope: 'public',
      location: '2栋电梯',
      description: '电梯门关不上',
    });
    await new Promise((r) => setTimeout(r, 5)); // older than awakeAfterReport
    for (const t of [home, lift]) {
      await s.tickets.fire(desk, t.number, 'dispatch', { assigneeId: worker.personId });
      await s.tickets.fire(worker, t.number, 'accept', {});
      await s.tickets.fire(worker, t.number, 'arrive', {});
    }
    await s.tickets.idle();
    const now = Date.now();
    const atDoor = await Outbox.findOne({ ticketNumber: home.number, reason: 'notice.arrived' }).lean();
    expect(new Date(atDoor!.sendAfter).getTime()).toBeLessThanOrEqual(now);
    const onSite = await Outbox.findOne({
      ticketNumber: lift.number,
      reason: 'notice.arrived_public',
    }).lean();
    expect(new Date(onSite!.sendAfter).getTime()).toBeGreaterThan(now);
    expect(onSite!.text).toMatch(/已于 .*\d{2}:\d{2} 到达现场/);
  });
});
