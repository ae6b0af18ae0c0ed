import { DateTime } from 'luxon';
import { Announcement } from '../../src/announcements/model.js';
import { AnnouncementService } from '../../src/announcements/service.js';
import { ChatIdentity, Person, Room, Unit, Zone } from '../../src/data/models/index.js';
import { ADMIN_ACTOR, type Actor } from '../../src/domain/actor.js';
import { Outbox, OutboxNotifier } from '../../src/notify/outbox.js';
import { useTestDatabase } from '../support/db.js';
import { demoDomain, silentLog, testConfig, type TestDomain } from '../support/fixtures.js';

useTestDatabase();

const config = testConfig({ notify: { quietStart: '21:00', quietEnd: '08:00' } });
const tz = config.timezone;
/** The clock the service reads: moved by the tests, never slept on. */
let now = DateTime.fromISO('2026-12-02T10:00', { zone: tz }).toJSDate();
const at = (iso: string) => DateTime.fromISO(iso, { zone: tz }).toJSDate();
let d: TestDomain;
let service: AnnouncementService;
let managerA: Actor;
let zoneA = '';
let zoneB = '';

beforeAll(async () => {
  d = await demoDomain({ config });
  const notifier = new OutboxNotifier({ ...config.notify, timezone: tz }, silentLog, () => now);
  service = new AnnouncementService({ config, notifier, clock: () => now });
  managerA = { ...(await d.as('片区管理员A王芳')), consoleRole: 'zone_manager' };
  [zoneA, zoneB] = (await Promise.all(
    ['A', 'B'].map(async (code) => String((await Zone.findOne({ code }).lean())!._id)),
  )) as [string, string];
}, 60_000);

const notice = (extra: Record<string, unknown> = {}) => ({
  type: 'water_outage',
  title: '3栋停水检修',
  body: '二次供水水箱清洗，请提前储水。',
  scope: 'buildings',
  buildings: ['3'],
  startsAt: '2026-12-03T09:00:00+08:00',
  endsAt: '2026-12-03T12:00:00+08:00',
  ...extra,
});

async function residentsWithChat(building: string) {
  const units = await Unit.find({ building }, { _id: 1 }).lean();
  const people = await Person.find({ 'units.unitId': { $in: units.map((u) => u._id) }, active: true }).lean();
  const bound = await ChatIdentity.find({ personId: { $in: people.map((p) => p._id) } }).lean();
  return new Set(bound.map((b) => String(b.personId)));
}

describe('publishing a notice', () => {
  it("goes to the owners' group of the building's zone and privately to each of its residents", async () => {
    const n = await service.create(ADMIN_ACTOR, notice());
    expect(n).toMatchObject({ state: 'draft', zoneIds: [zoneB] });
    expect(await Outbox.countDocuments({ reason: 'announcement_publish' })).toBe(0);
    const published = await service.publish(ADMIN_ACTOR, n.id, {});
    const residents = await residentsWithChat('3');
    expect(published).toMatchObject({ state: 'published', sentToGroups: 1, sentToOwners: residents.size });
    const groupB = await Room.findOne({ topic: '阳光花园B区业主群' }).lean();
    const rows = await Outbox.find({ reason: 'announcement_publish' }).lean();
    const group = rows.filter((r) => r.roomId);
    expect(group.map((r) => r.roomId)).toEqual([groupB!.platformRoomId]);
    expect(group[0]!.text).toContain('【停水通知】3栋停水检修');
    expect(group[0]!.text).toContain('12月3日 09:00-12:00');
    const privately = rows.filter((r) => r.personId).map((r) => String(r.personId));
    expect(new Set(privately)).toEqual(residents);
  });

  it('waits out quiet hours: published at 22:00, everything is sent at 08:00', async () => {
    now = at('2026-12-02T22:00');
    const n = await service.create(
      ADMIN_ACTOR,
      notice({ title: '4栋夜间停电', type: 'power_outage', buildings: ['4'] }),
    );
    await service.publish(ADMIN_ACTOR, n.id, {});
    const rows = await Outbox.find({ reason: 'announcement_publish', text: /4栋夜间停电/ }).lean();
    expect(rows.length).toBeGreaterThan(1);
    for (const r of rows) expect(r.sendAfter.toISOString()).toBe(at('2026-12-03T08:00').toISOString());
    now = at('2026-12-02T10:00');
  });

  it('is sent once: publishing it again is a 409, not a second round of messages', async () => {
    const unit = String((await Unit.findOne({ building: '5' }).lean())!._id);
    const n = await service.create(
      ADMIN_ACTOR,
      notice({ title: '重复发布测试', scope: 'units', buildings: [], unitIds: [unit] }),
    );
    await service.publish(ADMIN_ACTOR, n.id, {});
    const count = await Outbox.countDocuments({ text: /重复发布测试/ });
    await expect(service.publish(ADMIN_ACTOR, n.id, {})).rejects.toMatchObject({
      code: 'announcement_not_editable',
      status: 409,
    });
    expect(await Outbox.countDocuments({ text: /重复发布测试/ })).toBe(count);
  });

  it('is not sent privately when the notice says so (groups only)', async () => {
    const n = await service.create(ADMIN_ACTOR, notice({ title: '只发群', notifyOwners: false }));
    const p = await service.publish(ADMIN_ACTOR, n.id, {});
    expect(p).toMatchObject({ sentToGroups: 1, sentToOwners: 0 });
  });
});

describe('bad input is answered clearly', () => {
  it.each([
    [{ endsAt: '2026-12-03T08:00:00+08:00' }, /endsAt: must be after startsAt/],
    [{ buildings: ['99'] }, /buildings: no such building 99/],
    [{ scope: 'zones', buildings: [] }, /zoneIds: at least one for audience zones/],
    [{ type: 'flood' }, /type:/],
    [{ startsAt: 'tomorrow' }, /startsAt: expected a date and time/],
    [
      { startsAt: '2026-11-01T09:00:00+08:00', endsAt: '2026-11-01T10:00:00+08:00' },
      /endsAt: must be in the future/,
    ],
    [{ title: '' }, /title:/],
  ])('%j', async (extra, message) => {
    await expect(service.create(ADMIN_ACTOR, notice(extra))).rejects.toMatchObject({
      code: 'validation_failed',
      message: expect.stringMatching(message),
    });
  });

  it('names a notice that does not exist', async () => {
    await expect(service.get(ADMIN_ACTOR, '0123456789abcdef01234567')).rejects.toMatchObject({
      code: 'announcement_not_found',
    });
    await expect(service.get(ADMIN_ACTOR, 'nope')).rejects.toMatchObject({ code: 'validation_failed' });
  });
});

describe("a zone manager's notices", () => {
  it('writes notices for their own zones only', async () => {
    await expect(service.create(managerA, notice({ scope: 'community' }))).rejects.toMatchObject({
      code: 'wrong_zone',
    });
    await expect(service.create(managerA, notice())).rejects.toMatchObject({ code: 'wrong_zone' }); // building 3 is zone B
    const own = await service.create(
      managerA,
      notice({ title: '1栋电梯年检', type: 'lift_maintenance', buildings: ['1'] }),
    );
    expect(own.zoneIds).toEqual([zoneA]);
  });

  it("sees community-wide notices and their zones' notices, not another zone's", async () => {
    await service.create(
      ADMIN_ACTOR,
      notice({ title: '全小区消防演练', type: 'fire_drill', scope: 'community', buildings: [] }),
    );
    const { items } = await service.list(managerA, {});
    const titles = items.map((i) => i.title);
    expect(titles).toEqual(expect.arrayContaining(['1栋电梯年检', '全小区消防演练']));
    expect(titles).not.toContain('3栋停水检修');
    const other = (await Announcement.findOne({ title: '3栋停水检修' }).lean())!;
    await expect(service.get(managerA, String(other._id))).rejects.toMatchObject({
      code: 'announcement_not_found',
    });
    expect(zoneB).not.toBe(zoneA);
  });
});

describe('active notices', () => {
  it('cover the units of their audience while not over, and not once cancelled', async () => {
    const unit3 = String((await Unit.findOne({ building: '3' }).lean())!._id);
    const unit1 = String((await Unit.findOne({ building: '1' }).lean())!._id);
    const titles = async (unit: string, when = now) =>
      (await service.activeFor(d.communityId, [unit], when)).map((n) => n.title);
    expect(await titles(unit3)).toContain('3栋停水检修');
    expect(await titles(unit1)).not.toContain('3栋停水检修');
    expect(await titles(unit3, at('2026-12-03T12:01'))).not.toContain('3栋停水检修');
    const drafts = await titles(unit1);
    expect(drafts).not.toContain('1栋电梯年检'); // a draft is not active
    const n = (await Announcement.findOne({ title: '3栋停水检修' }).lean())!;
    await service.cancel(ADMIN_ACTOR, String(n._id));
    expect(await titles(unit3)).not.toContain('3栋停水检修');
  });
});
