import mongoose, { Types } from 'mongoose';
import { Community, Unit, Zone } from '../../src/data/models/index.js';
import { clearDirectoryCache } from '../../src/data/directory-cache.js';
import type { Actor } from '../../src/domain/actor.js';
import { VisitService } from '../../src/visits/visit-service.js';
import { useTestDatabase } from '../support/db.js';
import { demoDomain, type TestDomain } from '../support/fixtures.js';

useTestDatabase();

const ZONES = 6;
const PER_ZONE = 300;
let d: TestDomain;
let admin: Actor;

/** Counts the finds that reach the units collection while `fn` runs. */
async function unitReads(fn: () => Promise<unknown>): Promise<{ reads: number; ms: number }> {
  let reads = 0;
  const coll = Unit.collection.collectionName;
  mongoose.set('debug', (name: string, method: string) => {
    if (name === coll && method.startsWith('find')) reads++;
  });
  const t0 = performance.now();
  try {
    await fn();
  } finally {
    mongoose.set('debug', false);
  }
  return { reads, ms: Math.round(performance.now() - t0) };
}

beforeAll(async () => {
  d = await demoDomain();
  admin = { kind: 'admin', name: 'admin', roles: [], zoneIds: [], unitIds: [] };
  const communityId = new Types.ObjectId(d.communityId);
  await Community.exists({ _id: communityId });
  const units = [];
  for (let z = 0; z < ZONES; z++) {
    const zone = await Zone.create({ communityId, code: `Z${z}`, name: `测区${z}` });
    for (let i = 0; i < PER_ZONE; i++)
      units.push({
        communityId,
        zoneId: zone._id,
        building: String(100 + z),
        entrance: String(1 + (i % 3)),
        room: String(1001 + i),
      });
  }
  await Unit.insertMany(units);
  clearDirectoryCache();
}, 120_000);

describe('visit plans read the units once', () => {
  it('reads the units collection once per call whatever the number of zones, plans made or stored', async () => {
    const visits = new VisitService({ config: d.config, tickets: d.tickets });
    const first = await unitReads(() => visits.plans(admin, { month: '2026-12' }));
    const second = await unitReads(() => visits.plans(admin, { month: '2026-12' }));
    const zones = await Zone.countDocuments({});

    console.log(
      `plans(): ${zones} zones, ${await Unit.countDocuments({})} units; first call ${first.reads} unit reads / ${first.ms} ms, second ${second.reads} / ${second.ms} ms`,
    );
    const coverage = await unitReads(() => visits.coverage(admin, { month: '2026-12' }));

    console.log(`coverage(): ${coverage.reads} unit reads / ${coverage.ms} ms`);
    expect(coverage.reads).toBeLessThanOrEqual(1);
    expect(first.reads).toBeLessThanOrEqual(1);
    expect(second.reads).toBeLessThanOrEqual(1);
  }, 120_000);
});
