import { Announcement } from '../../src/announcements/model.js';
import { AnnouncementService } from '../../src/announcements/service.js';
import { ADMIN_ACTOR } from '../../src/domain/actor.js';
import { Outbox, OutboxNotifier } from '../../src/notify/outbox.js';
import type { Scheduler } from '../../src/scheduler/scheduler.js';
import { useTestDatabase } from '../support/db.js';
import { demoDomain, silentLog, type TestDomain } from '../support/fixtures.js';
import { fastConfig, makeScheduler, sleep, waitFor } from '../support/scheduler.js';

useTestDatabase();

/** The reminder comes 5 s before a window that starts 8 s after publishing was asked for. */
const config = fastConfig({ announcements: { reminderBefore: '5s' } });
let d: TestDomain;
let scheduler: Scheduler;
let service: AnnouncementService;

beforeAll(async () => {
  d = await demoDomain({ config });
  scheduler = makeScheduler(d, config);
  service = new AnnouncementService({
    config,
    notifier: new OutboxNotifier({ ...config.notify, timezone: config.timezone }, silentLog),
  });
  service.onChange((n) => scheduler.syncNotice(n));
  await scheduler.start();
}, 60_000);
afterAll(() => scheduler.drain());

const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();
const rows = (title: string, reason: string) =>
  Outbox.find({ reason, text: new RegExp(title) }, { roomId: 1, personId: 1 }).lean();

describe('scheduler: notices', () => {
  it('publishes at publishAt, not before, and reminds reminderBefore the window starts', async () => {
    const n = await service.create(ADMIN_ACTOR, {
      type: 'lift_maintenance',
      title: '6栋电梯保养',
      body: '电梯停运保养，请走楼梯。',
      scope: 'buildings',
      buildings: ['6'],
      startsAt: inSeconds(8),
      endsAt: inSeconds(3600),
      remind: true,
    });
    const scheduled = await service.publish(ADMIN_ACTOR, n.id, { publishAt: inSeconds(1) });
    expect(scheduled.state).toBe('scheduled');
    expect(await rows('6栋电梯保养', 'announcement_publish')).toEqual([]);
    const done = await waitFor(
      () => Announcement.findById(n.id).lean(),
      (a) => a?.state === 'published' && a.sentToOwners > 0,
    );
    const published = await rows('6栋电梯保养', 'announcement_publish');
    expect(published.filter((r) => r.roomId)).toHaveLength(1);
    expect(published).toHaveLength(done!.sentToGroups + done!.sentToOwners);
    expect(await rows('6栋电梯保养', 'announcement_reminder')).toEqual([]);
    const reminded = await waitFor(
      () => rows('6栋电梯保养', 'announcement_reminder'),
      (r) => r.length === published.length,
    );
    expect(reminded).toHaveLength(published.length);
    const after = await waitFor(
      () => Announcement.findById(n.id).lean(),
      (a) => Boolean(a?.remindedAt),
    );
    expect(after!.remindedAt).toBeInstanceOf(Date);
  }, 30_000);

  it('sends nothing for a scheduled notice cancelled before its time', async () => {
    const n = await service.create(ADMIN_ACTOR, {
      type: 'fire_drill',
      title: '撤销的演练',
      body: '消防演练，请勿惊慌。',
      scope: 'community',
      startsAt: inSeconds(8),
      endsAt: inSeconds(3600),
      remind: true,
    });
    await service.publish(ADMIN_ACTOR, n.id, { publishAt: inSeconds(1) });
    await service.cancel(ADMIN_ACTOR, n.id);
    await sleep(3500);
    expect(await Outbox.countDocuments({ text: /撤销的演练/ })).toBe(0);
    const { jobs } = await scheduler.agenda.queryJobs({ data: { announcementId: n.id } });
    expect(jobs).toEqual([]);
  }, 30_000);
});
