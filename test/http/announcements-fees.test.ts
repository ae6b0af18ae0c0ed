import { ConsoleUser, Unit, Zone } from '../../src/data/models/index.js';
import { seedDemoConsoleUsers } from '../../src/demo/console-users.js';
import { loadDemoData } from '../../src/demo/seed.js';
import { startTestServer, TOKEN, type TestServer } from '../support/http.js';

const PASSWORD = 'notices-test-pass';
let srv: TestServer;
const tokens: Record<string, string> = { admin: TOKEN };
let zoneA = '';
let zoneB = '';

beforeAll(async () => {
  srv = await startTestServer({ console: { demoPassword: PASSWORD, passwordRounds: 4 } });
  const { communityId } = await loadDemoData(srv.services);
  await seedDemoConsoleUsers(srv.services.auth, communityId, PASSWORD);
  for (const [role, username] of [
    ['front_desk', 'qiantai'],
    ['zone_manager', 'pianqu-a'],
    ['director', 'zhuren'],
  ] as const) {
    const user = await ConsoleUser.findOne({ username }).lean();
    const res = await srv.request('/api/v1/auth/tokens', {
      method: 'POST',
      json: { name: `n ${role}`, userId: String(user!._id) },
    });
    tokens[role] = res.body.token;
  }
  [zoneA, zoneB] = (await Promise.all(
    ['A', 'B'].map(async (code) => String((await Zone.findOne({ code }).lean())!._id)),
  )) as [string, string];
}, 60_000);
afterAll(() => srv.close());

const later = (hours: number) => new Date(Date.now() + hours * 3600_000).toISOString();
const notice = (extra: Record<string, unknown> = {}) => ({
  type: 'power_outage',
  title: 'B区线路检修停电',
  body: '供电局线路检修，届时电梯停运。',
  scope: 'zones',
  zoneIds: [zoneB],
  startsAt: later(24),
  endsAt: later(28),
  ...extra,
});

describe('announcements API', () => {
  it('is in the OpenAPI document', async () => {
    const doc = (await srv.request('/api/v1/openapi.json', { token: null })).body;
    for (const p of [
      '/api/v1/announcements',
      '/api/v1/announcements/{id}',
      '/api/v1/announcements/{id}/publish',
      '/api/v1/announcements/{id}/cancel',
      '/api/v1/fees/import',
      '/api/v1/fees',
      '/api/v1/fees/arrears',
      '/api/v1/fees/collection',
    ])
      expect(doc.paths[p]).toBeDefined();
    expect(doc.paths['/api/v1/announcements'].post.requestBody).toBeDefined();
  });

  it('creates, edits, publishes and cancels a notice', async () => {
    const made = await srv.request('/api/v1/announcements', {
      method: 'POST',
      token: tokens.front_desk,
      json: notice(),
    });
    expect(made.status).toBe(201);
    const id = made.body.id as string;
    const edited = await srv.request(`/api/v1/announcements/${id}`, {
      method: 'PUT',
      token: tokens.front_desk,
      json: notice({ title: 'B区线路检修停电（更正）' }),
    });
    expect(edited.body).toMatchObject({ title: 'B区线路检修停电（更正）', state: 'draft' });
    const published = await srv.request(`/api/v1/announcements/${id}/publish`, {
      method: 'POST',
      token: tokens.front_desk,
      json: {},
    });
    expect(published.body).toMatchObject({ state: 'published', sentToGroups: 1 });
    const again = await srv.request(`/api/v1/announcements/${id}`, {
      method: 'PUT',
      token: tokens.front_desk,
      json: notice(),
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('announcement_not_editable');
    const cancelled = await srv.request(`/api/v1/announcements/${id}/cancel`, {
      method: 'POST',
      token: tokens.front_desk,
    });
    expect(cancelled.body.state).toBe('cancelled');
    const list = await srv.request('/api/v1/announcements?state=cancelled', { token: tokens.director });
    expect(list.body.items.map((i: { id: string }) => i.id)).toContain(id);
  });

  it('answers bad input with a 400 naming the field, in the reader’s language', async () => {
    const bad = await srv.request('/api/v1/announcements', {
      method: 'POST',
      token: tokens.front_desk,
      json: notice({ zoneIds: [], startsAt: 'soon' }),
      headers: { 'accept-language': 'en' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/startsAt: expected a date and time/);
    const noZones = await srv.request('/api/v1/announcements', {
      method: 'POST',
      token: tokens.front_desk,
      json: notice({ zoneIds: [] }),
    });
    expect(noZones.body.error.message).toMatch(/zoneIds: at least one/);
    const unknown = await srv.request('/api/v1/announcements', {
      method: 'POST',
      token: tokens.front_desk,
      json: { ...notice(), colour: 'red' },
    });
    expect(unknown.status).toBe(400);
    const missing = await srv.request('/api/v1/announcements/0123456789abcdef01234567', {
      token: tokens.front_desk,
    });
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe('找不到该通知');
  });

  it('keeps a zone manager to their zones and the director to reading', async () => {
    const other = await srv.request('/api/v1/announcements', {
      method: 'POST',
      token: tokens.zone_manager,
      json: notice(),
    });
    expect(other.status).toBe(403);
    const own = await srv.request('/api/v1/announcements', {
      method: 'POST',
      token: tokens.zone_manager,
      json: notice({ title: 'A区消防演练', type: 'fire_drill', zoneIds: [zoneA] }),
    });
    expect(own.status).toBe(201);
    const list = await srv.request('/api/v1/announcements', { token: tokens.zone_manager });
    expect(list.body.items.map((i: { title: string }) => i.title)).toEqual(['A区消防演练']);
    const director = await srv.request('/api/v1/announcements', {
      method: 'POST',
      token: tokens.director,
      json: notice(),
    });
    expect(director.status).toBe(403);
  });
});

const unitIdOf = async (building: string, room: string) =>
  String((await Unit.findOne({ building, room }).lean())!._id);

describe('fees API', () => {
  it('imports the CSV, lists arrears by zone and shows the collection rates', async () => {
    const csv =
      'unit,period,amountDue,paid\n1栋1单元101,2026-11,300,0\n3栋1单元101,2026-11,300,300\n3栋1单元302,2026-11,300,0\nX,2026-11,1,0';
    const imported = await srv.request('/api/v1/fees/import', {
      method: 'POST',
      token: tokens.front_desk,
      headers: { 'content-type': 'text/csv' },
      body: csv,
    });
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ created: 3, errors: [{ row: 5 }] });
    const all = await srv.request('/api/v1/fees/arrears', { token: tokens.director });
    expect(all.body).toMatchObject({ total: 2, totalArrears: 600 });
    const mine = await srv.request('/api/v1/fees/arrears', { token: tokens.zone_manager });
    expect(mine.body.items.map((i: { unit: string }) => i.unit)).toEqual(['1栋1单元101']);
    const rates = await srv.request('/api/v1/fees/collection?month=2026-11', { token: tokens.director });
    expect(rates.body.rates[0]).toMatchObject({ kind: 'monthly', target: 0.9, due: 900, paid: 300 });
    const zoneRates = await srv.request('/api/v1/fees/collection?month=2026-11', {
      token: tokens.zone_manager,
    });
    expect(zoneRates.body.rates[0]).toMatchObject({ due: 300, paid: 0, rate: 0, met: false });
  });

  it('refuses an import by a role that does not keep the fees, and an empty body', async () => {
    const zm = await srv.request('/api/v1/fees/import', {
      method: 'POST',
      token: tokens.zone_manager,
      headers: { 'content-type': 'text/csv' },
      body: 'unit,period,amountDue,paid\n',
    });
    expect(zm.status).toBe(403);
    const empty = await srv.request('/api/v1/fees/import', {
      method: 'POST',
      token: tokens.front_desk,
      headers: { 'content-type': 'text/csv' },
      body: ' ',
    });
    expect(empty.status).toBe(400);
  });

  it('records a payment through the API, and checks its amounts', async () => {
    const unitId = await unitIdOf('1', '101');
    const bad = await srv.request('/api/v1/fees', {
      method: 'PUT',
      token: tokens.front_desk,
      json: { unitId, period: '2026-11', amountDue: 300, amountPaid: 400 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/amountPaid: more than amountDue/);
    const ok = await srv.request('/api/v1/fees', {
      method: 'PUT',
      token: tokens.front_desk,
      json: { unitId, period: '2026-11', amountDue: 300, amountPaid: 300 },
    });
    expect(ok.body).toMatchObject({ arrears: 0 });
    const other = await srv.request('/api/v1/fees', {
      method: 'PUT',
      token: tokens.zone_manager,
      json: {
        unitId: await unitIdOf('3', '302'),
        period: '2026-11',
        amountDue: 300,
        amountPaid: 300,
      },
    });
    expect(other.status).toBe(403);
  });
});
