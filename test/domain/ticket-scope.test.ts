import { Types } from 'mongoose';
import { Person } from '../../src/data/models/index.js';
import { ADMIN_ACTOR } from '../../src/domain/actor.js';
import { useTestDatabase } from '../support/db.js';
import { demoDomain, type TestDomain } from '../support/fixtures.js';

useTestDatabase();

let d: TestDomain;
const numbers: Record<string, string> = {};

/** Tickets across zones and departments, then who sees which. */
beforeAll(async () => {
  d = await demoDomain();
  const frontDesk = await d.as('前台小林');
  const make = async (key: string, ownerName: string, input: Record<string, unknown>) => {
    const owner = await d.as(ownerName);
    const t = await d.tickets.create(owner, {
      unitId: owner.unitIds[0],
      description: key,
      ...input,
    } as never);
    numbers[key] = t.number;
    return t;
  };
  await make('zoneA-water', '张伟', { kind: 'repair' }); // building 1 → zone A
  await make('zoneB-noise', '徐勇', { kind: 'complaint' }); // building 3 → zone B
  await make('zoneC-light', '郑伟', { kind: 'repair', department: 'engineering' }); // building 5 → zone C
  await make('zoneA-garbage', '王芳', { kind: 'help', department: 'cleaning' });
  await d.tickets.dispatch(frontDesk, numbers['zoneC-light']!, {
    assigneeId: await d.personId('维修工孙师傅'),
  });
});

const visibleTo = async (name: string) => {
  const actor = name === 'admin' ? ADMIN_ACTOR : await d.as(name);
  const page = await d.tickets.list(actor, { pageSize: 100 });
  return Object.entries(numbers)
    .filter(([, n]) => page.items.some((t) => t.number === n))
    .map(([k]) => k)
    .sort();
};

describe('role-based ticket queries', () => {
  it('shows an owner only the tickets of their own unit', async () => {
    expect(await visibleTo('张伟')).toEqual(['zoneA-water']);
    expect(await visibleTo('徐勇')).toEqual(['zoneB-noise']);
    expect(await visibleTo('李娜')).toEqual([]);
  });

  it('shows family and tenants the tickets of their unit', async () => {
    expect(await visibleTo('王芳家属')).toEqual(['zoneA-garbage']);
    expect(await visibleTo('租户林娟')).toEqual(['zoneB-noise']); // tenant of 3-1-101
  });

  it('shows a zone manager their zone only', async () => {
    expect(await visibleTo('片区管理员A王芳')).toEqual(['zoneA-garbage', 'zoneA-water']);
    expect(await visibleTo('片区管理员C赵磊')).toEqual(['zoneC-light']);
  });

  it('shows staff their department in their zones, plus their own assignments', async () => {
    // engineering covers every zone; security and cleaning are split by zone
    expect(await visibleTo('维修工老张')).toEqual(['zoneA-water', 'zoneC-light']);
    expect(await visibleTo('维修工小刘')).toEqual(['zoneA-water', 'zoneC-light']);
    expect(await visibleTo('维修工孙师傅')).toEqual(['zoneA-water', 'zoneC-light']);
    expect(await visibleTo('保洁员胡阿姨')).toEqual(['zoneA-garbage']);
    expect(await visibleTo('协管员朱军')).toEqual([]);
  });

  it('shows a department supervisor their department in every zone', async () => {
    expect(await visibleTo('工程主管陈刚')).toEqual(['zoneA-water', 'zoneC-light']);
    expect(await visibleTo('环境主管黄丽')).toEqual(['zoneA-garbage']);
  });

  it('shows the front desk, supervisor, director and head office everything', async () => {
    const all = Object.keys(numbers).sort();
    for (const name of ['前台小林', '客服主管周敏', '主任郑国强', '总部督导何静', 'admin'])
      expect(await visibleTo(name)).toEqual(all);
  });

  it('hides another community’s tickets from its staff', async () => {
    const outsider = await Person.create({
      communityId: new Types.ObjectId(),
      name: '别的小区前台',
      roles: ['front_desk'],
    });
    expect(await visibleTo(outsider.name)).toEqual([]);
    const actor = await d.as(outsider.name);
    await expect(d.tickets.get(actor, numbers['zoneA-water']!)).rejects.toMatchObject({
      code: 'ticket_not_found',
    });
  });

  it('answers “not found”, never “forbidden”, for another owner’s ticket number', async () => {
    await expect(d.tickets.get(await d.as('李娜'), numbers['zoneA-water']!)).rejects.toMatchObject({
      code: 'ticket_not_found',
      status: 404,
    });
  });

  it('filters and paginates within the scope', async () => {
    const supervisor = await d.as('客服主管周敏');
    const page1 = await d.tickets.list(supervisor, { pageSize: 2, page: 1 });
    const page2 = await d.tickets.list(supervisor, { pageSize: 2, page: 2 });
    expect(page1.total).toBe(4);
    expect(page1.items).toHaveLength(2);
    expect(page2.items).toHaveLength(2);
    expect(new Set([...page1.items, ...page2.items].map((t) => t.number)).size).toBe(4);
    const complaints = await d.tickets.list(supervisor, { kind: 'complaint' });
    expect(complaints.items.map((t) => t.number)).toEqual([numbers['zoneB-noise']]);
    const dispatched = await d.tickets.list(supervisor, { state: 'dispatched,accepted' });
    expect(dispatched.items.map((t) => t.number)).toEqual([numbers['zoneC-light']]);
    const text = await d.tickets.list(supervisor, { q: 'garbage' });
    expect(text.total).toBe(1);
  });
});
