import { DateTime } from 'luxon';
import { Person, Zone } from '../../src/data/models/index.js';
import { Outbox, OutboxNotifier } from '../../src/notify/outbox.js';
import { claim } from '../../src/data/claims.js';
import type { JobContext } from '../../src/scheduler/context.js';
import { appointmentReminders, appointmentSlots } from '../../src/scheduler/jobs/appointment-reminders.js';
import { sendDailyDigests, zoneDigest } from '../../src/scheduler/jobs/daily-digest.js';
import { createCalendar } from '../../src/app.js';
import { useTestDatabase } from '../support/db.js';
import { demoDomain, silentLog, testConfig, type TestDomain } from '../support/fixtures.js';

useTestDatabase();

const config = testConfig();
const tz = config.timezone;
let d: TestDomain;
let ctx: JobContext;
const now = new Date();

beforeAll(async () => {
  d = await demoDomain({ config });
  ctx = {
    config,
    calendar: createCalendar(config),
    log: silentLog,
    tickets: d.tickets,
    notifier: new OutboxNotifier({ quietStart: 0, quietEnd: 1, timezone: tz }, silentLog),
    now: () => now,
  };
});

describe('daily digest', () => {
  it('counts a zone’s new, open and overdue items and today’s ratings', async () => {
    const zoneA = (await Zone.findOne({ code: 'A' }).lean())!;
    const owner = await d.as('张伟');
    const worker = await d.as('维修工老张');
    const a = await d.tickets.create(owner, {
      kind: 'repair',
      unitId: owner.unitIds[0],
      description: '漏水',
    });
    await d.tickets.create(owner, {
      kind: 'repair',
      scope: 'public',
      location: '1栋楼道',
      description: '灯坏',
    });
    await d.tickets.dispatch(await d.as('前台小林'), a.number, { assigneeId: worker.personId });
    await d.tickets.accept(worker, a.number);
    await d.tickets.arrive(worker, a.number);
    await d.tickets.complete(worker, a.number, {});
    await d.tickets.rate(owner, a.number, { score: 4 });
    const later = new Date(Date.now() + 10 * 60_000); // the public report's 5-minute dispatch deadline has passed
    const digest = await zoneDigest(zoneA._id, later, tz);
    // 在办 (in progress) is the public report only: the rated repair waits for its callback
    expect(digest).toMatchObject({ created: 2, open: 1, overdue: 1, ratings: 1, averageRating: 4 });
    expect(digest.overdueNumbers).toHaveLength(1);
  });

  it('sends each zone manager one digest a day, whoever runs the job', async () => {
    const once = (k: string) => claim(k, 'test');
    const first = await sendDailyDigests(ctx, once);
    const second = await sendDailyDigests(ctx, once);
    expect(first).toBe(3);
    expect(second).toBe(0);
    const manager = await Person.findOne({ name: '片区管理员A王芳' }).lean();
    const rows = await Outbox.find({ personId: manager!._id, reason: 'daily_digest' }).lean();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.text).toMatch(/A区 .* 日报】今日新增 2 单/);
  });
});

describe('appointment reminders', () => {
  it('plans the owner’s evening-before and hour-before reminders and the worker’s 30 and 5 minutes', async () => {
    const from = DateTime.fromISO('2026-11-25T15:00', { zone: tz }).toJSDate();
    const t = {
      appointment: { from },
      createdAt: DateTime.fromISO('2026-11-23T10:00', { zone: tz }).toJSDate(),
    } as never;
    const slots = appointmentSlots(t, ctx).map((s) => [
      DateTime.fromJSDate(s.at).setZone(tz).toFormat('LL-dd HH:mm'),
      s.to,
    ]);
    expect(slots).toEqual([
      ['11-24 19:00', 'reporter'],
      ['11-25 14:00', 'reporter'],
      ['11-25 14:30', 'assignee'],
      ['11-25 14:55', 'assignee'],
    ]);
  });

  it('tells the owner the window as agreed: an open-ended one keeps its “after”, in their script', async () => {
    const owner = await d.as('张伟');
    const tomorrow = DateTime.now().setZone(tz).plus({ days: 1 }).set({ hour: 14, minute: 0, second: 0 });
    const t = await d.tickets.create(owner, {
      kind: 'repair',
      unitId: owner.unitIds[0],
      description: '厨房水龙头漏水',
      appointment: { from: tomorrow.toJSDate() },
    });
    await appointmentReminders.run(t, 0, ctx); // the owner's first (the evening before, or an hour before)
    const owners = { $in: ['appointment_owner_tomorrow', 'appointment_owner_soon'] };
    const [row] = await Outbox.find({ ticketNumber: t.number, reason: owners }).lean();
    expect(row!.text).toContain(`${tomorrow.toFormat('M月d日')} 14:00以后`);
    await Person.updateOne({ _id: owner.personId }, { $set: { language: 'zh-TW' } });
    const windowed = await d.tickets.create(owner, {
      kind: 'repair',
      unitId: owner.unitIds[0],
      description: '浴室燈不亮',
      appointment: { from: tomorrow.toJSDate(), to: tomorrow.plus({ hours: 2 }).toJSDate() },
    });
    await appointmentReminders.run(windowed, 0, ctx);
    const [tw] = await Outbox.find({ ticketNumber: windowed.number, reason: owners }).lean();
    expect(tw!.text).toContain('14:00-16:00');
    expect(tw!.text).toContain('上門');
    await Person.updateOne({ _id: owner.personId }, { $unset: { language: 1 } });
  });

  it('leaves out reminders that were already past when the appointment was made', () => {
    const from = DateTime.fromISO('2026-11-25T15:00', { zone: tz }).toJSDate();
    const t = {
      appointment: { from },
      createdAt: DateTime.fromISO('2026-11-25T14:20', { zone: tz }).toJSDate(),
    } as never;
    expect(appointmentSlots(t, ctx).map((s) => s.to)).toEqual(['assignee', 'assignee']);
  });
});
