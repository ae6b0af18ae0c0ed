import { DateTime } from 'luxon';
import { Person, Unit, Zone } from '../../src/data/models/index.js';
import { ADMIN_ACTOR, type Actor } from '../../src/domain/actor.js';
import { FeeRecord } from '../../src/fees/model.js';
import { collectionRate, monthsOf } from '../../src/fees/periods.js';
import { FeeService } from '../../src/fees/service.js';
import { createCalendar } from '../../src/app.js';
import { Outbox, OutboxNotifier } from '../../src/notify/outbox.js';
import type { JobContext } from '../../src/scheduler/context.js';
import { sendFeeReminders } from '../../src/scheduler/jobs/fee-reminders.js';
import { useTestDatabase } from '../support/db.js';
import { demoDomain, silentLog, testConfig, type TestDomain } from '../support/fixtures.js';

useTestDatabase();

/** Reminders every 10 seconds (shrunk from 7 days), at most 2 per record. */
const config = testConfig({
  fees: { reminderEvery: '10s', maxReminders: 2 },
  notify: { quietStart: '21:00', quietEnd: '08:00' },
});
const tz = config.timezone;
const at = (iso: string) => DateTime.fromISO(iso, { zone: tz }).toJSDate();
let now = at('2026-12-02T10:00');
let d: TestDomain;
let fees: FeeService;
let ctx: JobContext;
let managerA: Actor;

beforeAll(async () => {
  d = await demoDomain({ config });
  fees = new FeeService({ config, clock: () => now });
  ctx = {
    config,
    calendar: createCalendar(config),
    log: silentLog,
    tickets: d.tickets,
    notifier: new OutboxNotifier({ ...config.notify, timezone: tz }, silentLog, () => now),
    now: () => now,
  };
  managerA = { ...(await d.as('片区管理员A王芳')), consoleRole: 'zone_manager' };
}, 60_000);

const CSV = [
  'unit,period,amountDue,paid',
  '1栋1单元101,2026-11,320,0', // 张伟's unit (zone A), in arrears
  '1-1-302,2026-11,280.5,280.5', // paid in full
  '3栋1单元101,2026-11,300,100', // zone B, part paid
  '3栋1单元101,2026-10,300,300',
  '9栋9单元999,2026-11,100,0', // no such unit
  '1栋1单元501,2026-13,100,0', // bad month
  '1栋1单元501,2026-11,100,200', // paid more than due
  '1栋1单元501,2026-11,abc,0', // not a number
  '1栋1单元501,2026-11,-5,0', // not more than 0
].join('\n');

describe('fee import', () => {
  it('imports good rows and names each bad row with its number and reason', async () => {
    const report = await fees.importCsv(ADMIN_ACTOR, CSV);
    expect(report).toMatchObject({ created: 4, updated: 0 });
    expect(report.errors).toEqual([
      { row: 6, reason: 'unit: no such unit "9栋9单元999"' },
      { row: 7, reason: expect.stringMatching(/^period: expected a month as "YYYY-MM"/) },
      { row: 8, reason: 'paid: more than amountDue' },
      { row: 9, reason: expect.stringMatching(/^amountDue: /) },
      { row: 10, reason: expect.stringMatching(/^amountDue: /) },
    ]);
    const again = await fees.importCsv(ADMIN_ACTOR, CSV);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 4 });
    expect(await FeeRecord.countDocuments()).toBe(4);
  });

  it('writes only what changed: a payment updates its record, the rest stay untouched', async () => {
    // the unit's record of the month's current generation (an import writes a new one)
    const record = async () =>
      (await FeeRecord.findOne({ unitLabel: '3栋1单元101', period: '2026-11' }).lean())!;
    const original = await record();
    // reminders already sent are kept when the record is rewritten
    await FeeRecord.updateOne({ _id: original._id }, { $set: { remindersSent: 2, lastRemindedAt: now } });
    const paid = CSV.replace('3栋1单元101,2026-11,300,100', '3栋1单元101,2026-11,300,300');
    expect(await fees.importCsv(ADMIN_ACTOR, paid)).toMatchObject({ created: 0, updated: 1, unchanged: 3 });
    const after = await record();
    expect(after).toMatchObject({ amountPaid: 300, arrears: 0, remindersSent: 2, lastRemindedAt: now });
    expect(after.createdAt).toEqual(original.createdAt);
    expect(after.paidAt).toBeInstanceOf(Date);
    await FeeRecord.updateOne(
      { _id: after._id },
      { $set: { remindersSent: original.remindersSent, lastRemindedAt: original.lastRemindedAt ?? null } },
    );
    // back to what it was, for the tests below
    expect(await fees.importCsv(ADMIN_ACTOR, CSV)).toMatchObject({ updated: 1, unchanged: 3 });
    expect(await record()).toMatchObject({ arrears: 200, paidAt: null });
    expect(await FeeRecord.countDocuments()).toBe(4);
  });

  it('takes the last of two rows for one unit and month in a file', async () => {
    const r = await fees.importCsv(
      ADMIN_ACTOR,
      'unit,period,amountDue,paid\n2栋1单元101,2026-08,260,0\n2栋1单元101,2026-08,260,60',
    );
    expect(r).toMatchObject({ created: 1, updated: 1, errors: [] });
    expect((await FeeRecord.findOne({ unitLabel: '2栋1单元101', period: '2026-08' }).lean())!).toMatchObject({
      amountPaid: 60,
      arrears: 200,
    });
    await FeeRecord.deleteOne({ unitLabel: '2栋1单元101', period: '2026-08' });
  });

  it('reads Chinese headers too, and refuses a file that is no CSV', async () => {
    const r = await fees.importCsv(ADMIN_ACTOR, '房号,月份,应收,实收\n2栋1单元101,2026-11,260,0');
    expect(r).toMatchObject({ created: 1, errors: [] });
    await expect(fees.importCsv(ADMIN_ACTOR, 'unit,period\n"unclosed,2026-11')).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });

  it('takes amounts only as plain digits and periods at most a year ahead (the input rules)', async () => {
    const rows = ['1e3', '0x1F4', '+300', '300.', ' 1 000'].map((due) => `1栋1单元501,2026-11,"${due}",0`);
    const r = await fees.importCsv(
      ADMIN_ACTOR,
      [
        'unit,period,amountDue,paid',
        ...rows,
        '1栋1单元501,2026-11,300,1e2', // paid written as an exponent
        '1栋1单元501,2026-11,100001,0', // over money.max
        '1栋1单元501,2099-01,300,0', // decades ahead
        '1栋1单元501,2027-06,300,', // next year's prepaid month: fine, nothing paid
      ].join('\n'),
    );
    expect(r.errors).toEqual([
      ...rows.map((_, i) => ({ row: i + 2, reason: 'amountDue: expected an amount like 280.50' })),
      { row: 7, reason: 'paid: expected an amount like 280.50' },
      { row: 8, reason: expect.stringMatching(/^amountDue: at most 100000/) },
      { row: 9, reason: 'period: is more than 366 days ahead' },
    ]);
    expect(r).toMatchObject({ created: 1 });
    await FeeRecord.deleteOne({ unitLabel: '1栋1单元501', period: '2027-06' });
    const unit = await Unit.findOne({ building: '1', entrance: '1', room: '501' }).lean();
    await expect(
      fees.set(ADMIN_ACTOR, { unitId: String(unit!._id), period: '2099-01', amountDue: 300 }),
    ).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it("keeps a zone manager's import inside their zones", async () => {
    const r = await fees.importCsv(managerA, 'unit,period,amountDue,paid\n4栋1单元101,2026-11,300,0');
    expect(r).toMatchObject({ created: 0, errors: [{ row: 2, reason: 'unit: outside your zones' }] });
  });
});

describe('fee reminders', () => {
  const zhang = async () => (await Person.findOne({ name: '张伟' }).lean())!._id;

  it('go politely, privately, to each owner in arrears (not tenants or family), with what is open', async () => {
    const sent = await sendFeeReminders(ctx);
    expect(sent.units).toBe(3); // 1栋101, 3栋101 (part paid), 2栋101
    const row = await Outbox.findOne({ reason: 'fee_reminder', personId: await zhang() }).lean();
    expect(row!.text).toContain('1栋1单元101');
    expect(row!.text).toContain('2026-11 ¥320.00');
    expect(row!.text).toContain('合计 ¥320.00');
    expect(row!.roomId).toBeUndefined();
    const told = await Outbox.find({ reason: 'fee_reminder' }).lean();
    const people = await Person.find({ _id: { $in: told.map((r) => r.personId) } }).lean();
    expect(people.every((p) => p.roles.includes('owner'))).toBe(true);
  });

  it('come again only after reminderEvery, and at most maxReminders times', async () => {
    now = new Date(now.getTime() + 5_000);
    expect(await sendFeeReminders(ctx)).toMatchObject({ messages: 0 });
    now = new Date(now.getTime() + 5_000);
    expect((await sendFeeReminders(ctx)).units).toBe(3);
    now = new Date(now.getTime() + 10_000);
    expect(await sendFeeReminders(ctx)).toMatchObject({ units: 0, messages: 0 }); // 2 sent: that is the cap
    expect(await Outbox.countDocuments({ reason: 'fee_reminder', personId: await zhang() })).toBe(2);
  });

  it('stop when paid', async () => {
    await FeeRecord.updateMany({}, { $set: { remindersSent: 0 } });
    const unit = await Unit.findOne({ building: '1', entrance: '1', room: '101' }).lean();
    const paid = await fees.set(ADMIN_ACTOR, {
      unitId: String(unit!._id),
      period: '2026-11',
      amountDue: 320,
      amountPaid: 320,
    });
    expect(paid).toMatchObject({ arrears: 0, paidAt: now });
    now = new Date(now.getTime() + 10_000);
    await sendFeeReminders(ctx);
    expect(await Outbox.countDocuments({ reason: 'fee_reminder', personId: await zhang() })).toBe(2);
  });

  it('wait out quiet hours: a run at 22:00 is delivered at 08:00', async () => {
    await FeeRecord.updateMany({}, { $set: { remindersSent: 0 } });
    now = at('2026-12-03T22:00');
    const before = await Outbox.countDocuments({ reason: 'fee_reminder' });
    await sendFeeReminders(ctx);
    const rows = await Outbox.find({ reason: 'fee_reminder' }).sort({ order: 1 }).lean();
    expect(rows.length).toBeGreaterThan(before);
    for (const r of rows.slice(before))
      expect(r.sendAfter.toISOString()).toBe(at('2026-12-04T08:00').toISOString());
    now = at('2026-12-02T10:00');
  });
});

describe('arrears and collection rates', () => {
  it("show a zone manager only their zones' arrears", async () => {
    const all = await fees.arrears(ADMIN_ACTOR, {});
    expect(all.items.map((i) => i.unit).sort()).toEqual(['2栋1单元101', '3栋1单元101']);
    const mine = await fees.arrears(managerA, {});
    expect(mine.items.map((i) => i.unit)).toEqual(['2栋1单元101']);
    expect(mine.items[0]!.owners).toHaveLength(1);
    const zoneB = String((await Zone.findOne({ code: 'B' }).lean())!._id);
    expect((await fees.arrears(managerA, { zoneId: zoneB })).items).toEqual([]);
    await expect(fees.arrears(ADMIN_ACTOR, { period: '2026/11' })).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });

  it('are measured per month, quarter and year against 90%, 95% and 98%', async () => {
    const r = await fees.collection(ADMIN_ACTOR, { month: '2026-11' });
    // November: due 320 + 280.5 + 300 + 260 = 1160.5, paid 320 + 280.5 + 100 = 700.5
    expect(r.rates[0]).toMatchObject({ kind: 'monthly', target: 0.9, due: 1160.5, paid: 700.5, met: false });
    expect(r.rates[0]!.rate).toBeCloseTo(700.5 / 1160.5, 4);
    // the quarter and the year also hold October's 300, paid
    expect(r.rates[1]).toMatchObject({ kind: 'quarterly', target: 0.95, due: 1460.5, paid: 1000.5 });
    expect(r.rates[2]).toMatchObject({ kind: 'yearly', target: 0.98, due: 1460.5 });
    const empty = await fees.collection(ADMIN_ACTOR, { month: '2025-01' });
    expect(empty.rates.map((x) => x.rate)).toEqual([null, null, null]);
  });

  it('are pure arithmetic over the months of each period', () => {
    expect(monthsOf('quarterly', '2026-11')).toEqual(['2026-10', '2026-11']);
    expect(monthsOf('yearly', '2026-03')).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(
      collectionRate([
        { amountDue: 100, amountPaid: 150 },
        { amountDue: 100, amountPaid: 0 },
      ]),
    ).toBe(0.5);
    expect(collectionRate([])).toBeNull();
  });
});
