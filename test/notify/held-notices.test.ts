import { Person } from '../../src/data/models/index.js';
import { OutboxQueue } from '../../src/data/models/outbox-queue.js';
import { Outbox } from '../../src/notify/outbox.js';
import { startChat, type ChatHarness } from '../support/chat.js';
import { waitFor } from '../support/scheduler.js';

/** Quiet hours all day long: what was held for an owner, once they write again. */
let chat: ChatHarness;
beforeAll(async () => {
  chat = await startChat({
    dispatch: { mode: 'manual' },
    notify: { quietStart: '00:00', quietEnd: '23:59', awakeAfterReport: '1 ms' },
  });
}, 60_000);
afterAll(async () => chat?.close());

const actorOf = async (name: string) =>
  chat.services.directory.actorForPerson(String((await Person.findOne({ name }).lean())!._id));

/** The owner notice of this ticket with this reason, once the sender has seen it. */
const rowOf = (number: string, reason: string) =>
  waitFor(
    () => Outbox.findOne({ ticketNumber: number, reason }).lean(),
    (r) => Boolean(r),
  );
const statusOf = (id: string, status: string) =>
  waitFor(
    async () => (await Outbox.findById(id).lean())?.status,
    (s) => s === status,
  );
const queued = (id: string) =>
  waitFor(
    () => OutboxQueue.findById(id).lean(),
    (q) => Boolean(q?.personId),
  );

/** A repair of the owner's taken and finished by the plumber, a while after it was reported. */
async function finishedRepair(ownerName: string, description: string) {
  const owner = await actorOf(ownerName);
  const { tickets } = chat.services;
  const t = await tickets.create(owner, { kind: 'repair', unitId: owner.unitIds[0], description });
  const worker = await actorOf('维修工老张');
  await new Promise((r) => setTimeout(r, 5)); // older than awakeAfterReport
  await tickets.fire(await actorOf('前台小林'), t.number, 'dispatch', { assigneeId: worker.personId });
  await tickets.fire(worker, t.number, 'accept', {});
  await tickets.fire(worker, t.number, 'arrive', {});
  await tickets.fire(worker, t.number, 'complete', { actualItem: '换了水龙头', fees: [], materials: [] });
  await tickets.idle();
  return t;
}

describe('notices held through quiet hours', () => {
  it('when the owner writes, a request to rate they answered and news of work now over are dropped', async () => {
    const t = await finishedRepair('张伟', '厨房水龙头坏了');
    const accepted = await rowOf(t.number, 'notice.accepted');
    const rate = await rowOf(t.number, 'notice.completed');
    expect(accepted!.text).toContain('上门前会先与您联系'); // the held wording
    expect(new Date(rate!.sendAfter).getTime()).toBeGreaterThan(Date.now());
    await queued(rate!._id);

    // the owner rates from the order list at night: they are awake
    const r = await chat.say('张伟', '5分 师傅很专业');
    expect(r.map((x) => x.text).join()).toContain('感谢您的评价');
    // "张师傅接单" after the repair is done and rated is news no more
    expect(await statusOf(accepted!._id, 'superseded')).toBe('superseded');
    expect(await statusOf(rate!._id, 'superseded')).toBe('superseded');
    expect(await OutboxQueue.exists({ _id: rate!._id })).toBeNull();
  });

  it('go at once when the owner writes at night', async () => {
    const owner = await actorOf('张伟');
    const { tickets } = chat.services;
    const t = await tickets.create(owner, {
      kind: 'repair',
      unitId: owner.unitIds[0],
      description: '窗户关不严',
    });
    const worker = await actorOf('维修工老张');
    await new Promise((r) => setTimeout(r, 5)); // older than awakeAfterReport
    await tickets.fire(await actorOf('前台小林'), t.number, 'dispatch', { assigneeId: worker.personId });
    await tickets.fire(worker, t.number, 'accept', {});
    await tickets.idle();
    const accepted = await rowOf(t.number, 'notice.accepted');
    await queued(accepted!._id);
    await chat.say('张伟', '你好');
    expect(await statusOf(accepted!._id, 'sent')).toBe('sent');
  });

  it('wait while the owner is inside a flow and go once they leave it', async () => {
    const t = await finishedRepair('王芳', '阳台下水堵了');
    const rate = await rowOf(t.number, 'notice.completed');
    await queued(rate!._id);
    await chat.say('王芳', '卧室灯不亮了');
    await chat.say('王芳', '后天上午');
    expect((await Outbox.findById(rate!._id).lean())!.status).toBe('pending');
    await chat.say('王芳', '取消');
    expect(await statusOf(rate!._id, 'sent')).toBe('sent'); // still waiting for a rating: asked
  });
});
