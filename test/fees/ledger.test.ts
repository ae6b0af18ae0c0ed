import { jest } from '@jest/globals';
import { ADMIN_ACTOR } from '../../src/domain/actor.js';
import { readCurrentFees } from '../../src/fees/ledger.js';
import { FeePeriod, FeeRecord } from '../../src/fees/model.js';
import { FeeService } from '../../src/fees/service.js';
import { useTestDatabase } from '../support/db.js';
import { demoDomain, testConfig } from '../support/fixtures.js';

useTestDatabase();

const config = testConfig();
const now = new Date('2026-12-02T02:00:00Z');
/** A process: a restarted one is a new FeeService over the same database. */
const service = (at = now) => new FeeService({ config, clock: () => at });

const file = (paid: number) =>
  [
    'unit,period,amountDue,paid',
    `1栋1单元101,2026-11,300,${paid}`,
    '1栋1单元302,2026-11,300,0',
    '3栋1单元101,2026-11,200,0',
    '1栋1单元101,2026-10,300,300',
  ].join('\n');
const FIRST = file(0);
/** 1栋1单元101 pays November. */
const PAID = file(300);

/** What the desk reads: November's arrears per unit and its collection figures. */
async function november(fees = service()) {
  const arrears = await fees.arrears(ADMIN_ACTOR, { period: '2026-11', pageSize: 100 });
  const rates = await fees.collection(ADMIN_ACTOR, { month: '2026-11' });
  return {
    arrears: arrears.items.map((i) => `${i.unit} ${i.arrears}`).sort(),
    due: rates.rates[0]!.due,
    paid: rates.rates[0]!.paid,
  };
}
const BEFORE = { arrears: ['1栋1单元101 300', '1栋1单元302 300', '3栋1单元101 200'], due: 800, paid: 0 };
const AFTER = { arrears: ['1栋1单元302 300', '3栋1单元101 200'], due: 800, paid: 300 };

beforeAll(async () => {
  await demoDomain({ config });
}, 60_000);

beforeEach(async () => {
  await FeeRecord.deleteMany({});
  await FeePeriod.deleteMany({});
  expect(await service().importCsv(ADMIN_ACTOR, FIRST)).toMatchObject({ created: 4, errors: [] });
  expect(await november()).toEqual(BEFORE);
});
afterEach(() => jest.restoreAllMocks());

const killed = () => Promise.reject(new Error('process killed'));

describe('fee import, crash-safe without transactions', () => {
  it('killed after writing the new records, before the switch: the month stays as it was', async () => {
    jest.spyOn(FeePeriod, 'updateOne').mockImplementationOnce(killed as never);
    await expect(service().importCsv(ADMIN_ACTOR, PAID)).rejects.toThrow('process killed');
    // the new generation is stored but not current: readers (after a restart too) see the old month
    expect(await FeeRecord.countDocuments({ period: '2026-11' })).toBe(6);
    expect(await november()).toEqual(BEFORE);
    // the file imported again: the change lands; the unswitched generation may be another
    // writer's still being written, so it stays (unread) until it is an hour old
    expect(await service().importCsv(ADMIN_ACTOR, PAID)).toMatchObject({ updated: 1, unchanged: 3 });
    expect(await november()).toEqual(AFTER);
    expect(await FeeRecord.countDocuments()).toBe(4 + 3);
    const later = new Date(Date.now() + 2 * 3600_000);
    expect(await service(later).importCsv(ADMIN_ACTOR, PAID)).toMatchObject({ unchanged: 4 });
    expect(await FeeRecord.countDocuments()).toBe(4);
    expect(await november(service(later))).toEqual(AFTER);
  });

  it('killed after the switch, before deleting the old records: the new month, each record once', async () => {
    jest.spyOn(FeeRecord, 'deleteMany').mockImplementationOnce(killed as never);
    await expect(service().importCsv(ADMIN_ACTOR, PAID)).rejects.toThrow('process killed');
    expect(await FeeRecord.countDocuments({ period: '2026-11' })).toBe(6);
    expect(await november()).toEqual(AFTER);
    // the reminders read each unit's November once
    const open = await readCurrentFees({ arrears: { $gt: 0 } });
    expect(open.map((r) => r.unitLabel).sort()).toEqual(['1栋1单元302', '3栋1单元101']);
    // the next import, even with nothing to change, removes the old generation
    expect(await service().importCsv(ADMIN_ACTOR, PAID)).toMatchObject({ updated: 0, unchanged: 4 });
    expect(await FeeRecord.countDocuments()).toBe(4);
    expect(await november()).toEqual(AFTER);
  });

  it('killed between two months: each month is whole, one old and one new', async () => {
    const both = PAID.replace('2026-10,300,300', '2026-10,300,100');
    // November (first in the file) switches; October's switch never happens
    const real = FeePeriod.updateOne.bind(FeePeriod);
    let calls = 0;
    jest
      .spyOn(FeePeriod, 'updateOne')
      .mockImplementation(((...args: Parameters<typeof real>) =>
        ++calls === 2 ? killed() : real(...args)) as never);
    await expect(service().importCsv(ADMIN_ACTOR, both)).rejects.toThrow('process killed');
    jest.restoreAllMocks();
    expect(await november()).toEqual(AFTER);
    const october = await readCurrentFees({ period: '2026-10' });
    expect(october.map((r) => r.amountPaid)).toEqual([300]);
  });

  it('writes nothing for a file with nothing new, and keeps reminder counts across generations', async () => {
    await FeeRecord.updateMany({ unitLabel: '1栋1单元302' }, { $set: { remindersSent: 2 } });
    const periods = await FeePeriod.find().lean();
    expect(await service().importCsv(ADMIN_ACTOR, FIRST)).toMatchObject({ created: 0, updated: 0 });
    expect(await FeePeriod.find().lean()).toEqual(periods);
    await service().importCsv(ADMIN_ACTOR, PAID);
    const kept = await readCurrentFees({ unitLabel: '1栋1单元302' });
    expect(kept.map((r) => r.remindersSent)).toEqual([2]);
  });

  it('a single payment set between imports goes to the current month and survives the next import', async () => {
    const fees = service();
    const unitId = String((await readCurrentFees({ unitLabel: '1栋1单元302' }))[0]!.unitId);
    await fees.importCsv(ADMIN_ACTOR, PAID); // November now has a pointer
    const set = await fees.set(ADMIN_ACTOR, { unitId, period: '2026-11', amountDue: 300, amountPaid: 300 });
    expect(set).toMatchObject({ id: `${unitId}:2026-11`, arrears: 0 });
    expect(await november()).toEqual({ ...AFTER, arrears: ['3栋1单元101 200'], paid: 600 });
    // a later import of another unit's row rewrites November with the payment in it
    await fees.importCsv(ADMIN_ACTOR, 'unit,period,amountDue,paid\n3栋1单元101,2026-11,200,50');
    expect(await november()).toEqual({ arrears: ['3栋1单元101 150'], due: 800, paid: 650 });
    expect(await FeeRecord.countDocuments({ period: '2026-11' })).toBe(3);
  });

  it('replaces a month stored before generations (no pointer, no importId) and deletes its records', async () => {
    const fees = service();
    const unitId = String((await readCurrentFees({ unitLabel: '1栋1单元302' }))[0]!.unitId);
    await fees.set(ADMIN_ACTOR, { unitId, period: '2026-09', amountDue: 300 }); // a month without pointer
    const legacy = await FeeRecord.findOne({ period: '2026-09' }).lean();
    expect(legacy).toMatchObject({ _id: `${unitId}:2026-09` });
    expect(legacy!.importId).toBeUndefined();
    await fees.importCsv(ADMIN_ACTOR, 'unit,period,amountDue,paid\n1栋1单元302,2026-09,300,300');
    const september = await FeeRecord.find({ period: '2026-09' }).lean();
    expect(september).toHaveLength(1);
    expect(september[0]).toMatchObject({ amountPaid: 300, importId: expect.any(String) });
  });

  it('a reader an import overtook reads again instead of missing the month', async () => {
    const find = FeeRecord.find.bind(FeeRecord);
    let overtaken = false;
    jest.spyOn(FeeRecord, 'find').mockImplementation(((...args: Parameters<typeof find>) => {
      const query = find(...args);
      if (overtaken) return query;
      overtaken = true;
      const lean = query.lean.bind(query);
      // the reader's records are read, then a whole import switches and deletes them
      query.lean = (async () => {
        const docs = await lean();
        await service().importCsv(ADMIN_ACTOR, PAID);
        return docs;
      }) as never;
      return query;
    }) as never);
    const seen = await readCurrentFees({ period: '2026-11' });
    expect(seen.map((r) => `${r.unitLabel} ${r.arrears}`).sort()).toEqual(
      AFTER.arrears.concat('1栋1单元101 0').sort(),
    );
  });
});
