import { DateTime } from 'luxon';
import { Person, Zone } from '../../src/data/models/index.js';
import { loadDemoData } from '../../src/demo/seed.js';
import { rank, zoneScore, ZoneRanking } from '../../src/reports/zone-ranking.js';
import ExcelJS from 'exceljs';
import { startTestServer, TOKEN, type TestServer } from '../support/http.js';
import { testConfig } from '../support/fixtures.js';

describe('zone score and forced ranking (pure)', () => {
  const scoring = testConfig().scoring;

  it('weighs owner evaluation 70% and inspection 30% with the manual’s points', () => {
    // owner part: 100 − 2×5 + 3×2 − 1×1 = 95; score: 0.7×95 + 0.3×90 = 93.5
    expect(zoneScore({ complaints: 2, praises: 3, dissatisfiedCallbacks: 1 }, 90, scoring)).toEqual({
      ownerScore: 95,
      score: 93.5,
    });
  });

  it('gives no score, not one counting the inspection as 0, while the inspection is missing', () => {
    expect(zoneScore({ complaints: 0, praises: 0, dissatisfiedCallbacks: 0 }, null, scoring)).toEqual({
      ownerScore: 100,
      score: null,
    });
    // 0 is a real score, not a missing one
    expect(zoneScore({ complaints: 0, praises: 0, dissatisfiedCallbacks: 0 }, 0, scoring).score).toBe(70);
  });

  it('puts unscored rows last, unranked', () => {
    const ranked = rank([{ score: null }, { score: 80 }, { score: 90 }]);
    expect(ranked.map((r) => [r.score, r.rank])).toEqual([
      [90, 1],
      [80, 2],
      [null, null],
    ]);
  });

  it('ranks highest first and gives equal scores the same rank', () => {
    const ranked = rank([{ score: 90 }, { score: 95 }, { score: 90 }, { score: 80 }]);
    expect(ranked.map((r) => [r.score, r.rank])).toEqual([
      [95, 1],
      [90, 2],
      [90, 2],
      [80, 4],
    ]);
  });
});

describe('GET /api/v1/reports/zone-ranking', () => {
  let server: TestServer;
  const month = DateTime.now().setZone('Asia/Shanghai').toFormat('yyyy-LL');
  const zoneId = async (code: string) => String((await Zone.findOne({ code }).lean())!._id);

  beforeAll(async () => {
    server = await startTestServer();
    await loadDemoData(server.services);
    const { tickets, directory } = server.services;
    const as = async (name: string) =>
      directory.actorForPerson(String((await Person.findOne({ name }).lean())!._id));
    const owner = await as('张伟'); // zone A
    const ownerB = await as('徐勇'); // zone B
    const report = (actor: typeof owner, kind: 'complaint' | 'praise', text: string) =>
      tickets.create(actor, { kind, unitId: actor.unitIds[0], description: text });
    await report(owner, 'complaint', '楼道噪音');
    await report(owner, 'complaint', '垃圾没人清');
    await report(owner, 'praise', '表扬保洁');
    await report(ownerB, 'praise', '表扬维修工');
    // one dissatisfied callback in zone A
    const t = await tickets.create(owner, {
      kind: 'repair',
      unitId: owner.unitIds[0],
      description: '水管漏水',
    });
    const worker = await as('维修工老张');
    await tickets.dispatch(await as('前台小林'), t.number, { assigneeId: worker.personId });
    await tickets.accept(worker, t.number);
    await tickets.arrive(worker, t.number);
    await tickets.complete(worker, t.number, {});
    await tickets.recordCallback(await as('片区管理员A王芳'), t.number, { satisfied: false });
    for (const [code, score] of [
      ['A', 80],
      ['B', 90],
    ] as const) {
      const res = await server.request('/api/v1/reports/inspections', {
        method: 'PUT',
        json: { zoneId: await zoneId(code), month, score },
      });
      expect(res.status).toBe(200);
    }
  }, 60_000);
  afterAll(async () => server?.close());

  it('matches the scores computed by hand', async () => {
    const res = await server.request(`/api/v1/reports/zone-ranking?month=${month}`);
    expect(res.status).toBe(200);
    // B: owner 100 + 2 = 102 → 0.7×102 + 0.3×90 = 98.4
    // A: owner 100 − 10 + 2 − 1 = 91 → 0.7×91 + 0.3×80 = 87.7
    // C: owner 100, no inspection yet → no score and no rank (flagged), not 0.7×100 + 0 = 70
    expect(
      res.body.zones.map((z: Record<string, unknown>) => [
        z.zone,
        z.complaints,
        z.praises,
        z.dissatisfiedCallbacks,
        z.inspection,
        z.score,
        z.rank,
        z.inspectionMissing,
      ]),
    ).toEqual([
      ['B区', 0, 1, 0, 90, 98.4, 1, false],
      ['A区', 2, 1, 1, 80, 87.7, 2, false],
      ['C区', 0, 0, 0, null, null, null, true],
    ]);
  });

  it('counts nothing in another month', async () => {
    const res = await server.request('/api/v1/reports/zone-ranking?month=2020-01');
    expect(
      res.body.zones.every(
        (z: { score: number | null; ownerScore: number; inspectionMissing: boolean }) =>
          z.score === null && z.ownerScore === 100 && z.inspectionMissing,
      ),
    ).toBe(true);
  });

  it.each([
    ['a month that does not exist', '/api/v1/reports/zone-ranking?month=2026-13'],
    ['no month', '/api/v1/reports/zone-ranking'],
    ['an unknown parameter', `/api/v1/reports/zone-ranking?month=${month}&x=1`],
  ])('refuses %s', async (_name, path) => {
    const res = await server.request(path);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
  });

  it('refuses owners and a zone manager of another community', async () => {
    const ranking = new ZoneRanking(server.services.config);
    const owner = await server.services.directory.actorForPerson(
      String((await Person.findOne({ name: '张伟' }).lean())!._id),
    );
    await expect(ranking.ranking(owner, { month })).rejects.toMatchObject({ code: 'forbidden' });
    const outsider = { ...owner, roles: ['zone_manager' as const], communityId: '0123456789abcdef01234567' };
    await expect(ranking.ranking(outsider, { month, community: owner.communityId })).rejects.toMatchObject({
      code: 'wrong_community',
    });
  });

  it('refuses operator injection, a bad score and a missing token', async () => {
    const inject = await server.request('/api/v1/reports/inspections', {
      method: 'PUT',
      json: { zoneId: { $gt: '' }, month, score: 50 },
    });
    expect(inject.status).toBe(400);
    const tooHigh = await server.request('/api/v1/reports/inspections', {
      method: 'PUT',
      json: { zoneId: await zoneId('A'), month, score: 101 },
    });
    expect(tooHigh.status).toBe(400);
    expect(
      (await server.request(`/api/v1/reports/zone-ranking?month=${month}`, { token: null })).status,
    ).toBe(401);
  });
});

describe('GET /api/v1/reports/kpis', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    await loadDemoData(server.services);
    const { tickets, directory } = server.services;
    const owner = await directory.actorForPerson(
      String((await Person.findOne({ name: '张伟' }).lean())!._id),
    );
    await tickets.create(owner, { kind: 'repair', unitId: owner.unitIds[0], description: '灯坏了' });
    await tickets.create(owner, { kind: 'complaint', unitId: owner.unitIds[0], description: '噪音' });
  }, 60_000);
  afterAll(async () => server?.close());

  it('groups the month by zone with a community total', async () => {
    const month = DateTime.now().setZone('Asia/Shanghai').toFormat('yyyy-LL');
    const res = await server.request(`/api/v1/reports/kpis?month=${month}&groupBy=zone`);
    expect(res.status).toBe(200);
    expect(res.body.total).toMatchObject({ created: 2, complaints: 1, complaintHandlingRate: 0 });
    expect(res.body.groups).toEqual([expect.objectContaining({ key: 'A区', created: 2 })]);
  });

  it('refuses an unknown grouping', async () => {
    const res = await server.request('/api/v1/reports/kpis?month=2026-11&groupBy=planet');
    expect(res.status).toBe(400);
  });
});

describe('report exports', () => {
  let server: TestServer;
  const month = DateTime.now().setZone('Asia/Shanghai').toFormat('yyyy-LL');
  beforeAll(async () => {
    server = await startTestServer();
    await loadDemoData(server.services);
  }, 60_000);
  afterAll(async () => server?.close());

  it('exports the ranking as CSV with Chinese headers that Excel reads (BOM)', async () => {
    const res = await server.request(`/api/v1/reports/zone-ranking?month=${month}&format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    expect(res.headers.get('content-disposition')).toContain(`zone-ranking-${month}.csv`);
    const lines = res.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(lines[0]).toBe('排名,片区,投诉,表扬,回访不满意,业主评价分,公共区域检查分,综合得分');
    expect(lines).toHaveLength(4);
    // no inspection recorded: no rank, no score (the owner part alone is shown)
    expect(lines[1]).toMatch(/^,[ABC]区,0,0,0,100,,$/);
  });

  it('exports the KPIs as XLSX that opens with the same figures, headers in English on request', async () => {
    const res = await fetch(`${server.url}/api/v1/reports/kpis?month=${month}&format=xlsx`, {
      headers: { authorization: `Bearer ${TOKEN}`, 'accept-language': 'en' },
    });
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe('Group');
    expect(sheet.getRow(1).getCell(2).value).toBe('Created');
    expect(sheet.getRow(sheet.rowCount).getCell(1).value).toBe('total');
  });

  it('refuses an unknown format', async () => {
    expect((await server.request(`/api/v1/reports/kpis?month=${month}&format=pdf`)).status).toBe(400);
  });
});
