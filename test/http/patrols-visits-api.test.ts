import { ConsoleUser, Unit, Zone } from '../../src/data/models/index.js';
import { seedDemoConsoleUsers } from '../../src/demo/console-users.js';
import { loadDemoData } from '../../src/demo/seed.js';
import { startTestServer, TOKEN, type TestServer } from '../support/http.js';

const PASSWORD = 'patrol-test-pass';
let srv: TestServer;
const tokens: Record<string, string> = { admin: TOKEN };
const zone = async (code: string) => String((await Zone.findOne({ code }).lean())!._id);
const unit = async (building: string, room: string) =>
  String((await Unit.findOne({ building, room }).lean())!._id);

beforeAll(async () => {
  srv = await startTestServer({ console: { demoPassword: PASSWORD, passwordRounds: 4 } });
  const { communityId } = await loadDemoData(srv.services);
  await seedDemoConsoleUsers(srv.services.auth, communityId, PASSWORD);
  for (const username of ['pianqu-a', 'kefu', 'qiantai']) {
    const user = await ConsoleUser.findOne({ username }).lean();
    const res = await srv.request('/api/v1/auth/tokens', {
      method: 'POST',
      json: { name: `patrol ${username}`, userId: String(user!._id) },
    });
    tokens[username] = res.body.token;
  }
}, 60_000);
afterAll(() => srv.close());

describe('patrol and vacant-unit API', () => {
  it('records a patrol in the zone manager’s zone and refuses another zone with 403 wrong_zone', async () => {
    const ok = await srv.request('/api/v1/patrols', {
      method: 'POST',
      token: tokens['pianqu-a'],
      json: { zoneId: await zone('A'), items: [{ area: 'safety', ok: true }] },
    });
    expect(ok.status).toBe(201);
    const other = await srv.request('/api/v1/patrols', {
      method: 'POST',
      token: tokens['pianqu-a'],
      json: { zoneId: await zone('B'), items: [{ area: 'safety', ok: true }] },
    });
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('wrong_zone');
    const list = await srv.request('/api/v1/patrols', { token: tokens.kefu });
    expect(list.body.items).toHaveLength(1);
  });

  it('answers bad input with 400 and a message naming the field, in the caller’s language', async () => {
    const res = await srv.request('/api/v1/patrols', {
      method: 'POST',
      token: tokens['pianqu-a'],
      headers: { 'accept-language': 'en' },
      json: { zoneId: await zone('A'), items: [{ area: 'safety', ok: false }] },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('items.0.note');
    const month = await srv.request('/api/v1/vacant-units?month=2026-13', { token: tokens.kefu });
    expect(month.status).toBe(400);
    const front = await srv.request('/api/v1/patrols', { method: 'POST', token: tokens.qiantai, json: {} });
    expect(front.status).toBe(403);
  });

  it('lists vacant units and records an inspection', async () => {
    const list = await srv.request('/api/v1/vacant-units', { token: tokens['pianqu-a'] });
    expect(list.body.units.map((u: { unit: string }) => u.unit)).toEqual(['2栋2单元1802']);
    const res = await srv.request(`/api/v1/vacant-units/${list.body.units[0].unitId}/inspections`, {
      method: 'POST',
      token: tokens['pianqu-a'],
      json: { ok: true },
    });
    expect(res.status).toBe(201);
    const notVacant = await srv.request(`/api/v1/vacant-units/${await unit('1', '101')}/inspections`, {
      method: 'POST',
      token: tokens['pianqu-a'],
      json: { ok: true },
    });
    expect(notVacant.status).toBe(409);
  });
});

describe('patrol photos and the vacant-unit list kept current', () => {
  const PNG =
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

  it('stores a photo, records a patrol with it and serves it only in the zone', async () => {
    const up = await srv.request('/api/v1/patrols/photos', {
      method: 'POST',
      token: tokens['pianqu-a'],
      json: { data: PNG },
    });
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ contentType: 'image/png' });
    const patrol = await srv.request('/api/v1/patrols', {
      method: 'POST',
      token: tokens['pianqu-a'],
      json: {
        zoneId: await zone('A'),
        items: [{ area: 'facilities', ok: false, note: '2栋路灯不亮', ticket: true }],
        photos: [up.body.fileId],
      },
    });
    expect(patrol.status).toBe(201);
    expect(patrol.body.items[0].ticketNumber).toMatch(/^BX/);
    const photo = await fetch(`${srv.url}/api/v1/patrols/photos/${up.body.fileId}`, {
      headers: { authorization: `Bearer ${tokens.kefu}` },
    });
    expect(photo.status).toBe(200);
    expect(photo.headers.get('content-type')).toBe('image/png');
    const unknown = await srv.request(`/api/v1/patrols/photos/${'0'.repeat(24)}`, { token: tokens.kefu });
    expect(unknown.status).toBe(404);
    const notImage = await srv.request('/api/v1/patrols/photos', {
      method: 'POST',
      token: tokens['pianqu-a'],
      json: { data: Buffer.from('hello').toString('base64') },
    });
    expect(notImage.status).toBe(400);
  });

  it('adds and removes a vacant unit and marks due and overdue inspections', async () => {
    const id = await unit('1', '501');
    const add = await srv.request(`/api/v1/vacant-units/${id}`, {
      method: 'PUT',
      token: tokens['pianqu-a'],
      json: { vacant: true },
    });
    expect(add.body).toMatchObject({ state: 'vacant' });
    const list = await srv.request('/api/v1/vacant-units?month=2020-01', { token: tokens['pianqu-a'] });
    const row = list.body.units.find((u: { unit: string }) => u.unit === '1栋1单元501');
    expect(row).toMatchObject({ inspections: 0, required: 2, due: true, overdue: true });
    const remove = await srv.request(`/api/v1/vacant-units/${id}`, {
      method: 'PUT',
      token: tokens['pianqu-a'],
      json: { vacant: false },
    });
    expect(remove.body).toMatchObject({ state: 'occupied' });
  });
});

describe('visit API', () => {
  it('records a visit, shows coverage scoped to the zone manager’s zone and plans per zone', async () => {
    const res = await srv.request('/api/v1/visits', {
      method: 'POST',
      token: tokens['pianqu-a'],
      json: {
        unitId: await unit('1', '302'),
        method: 'phone',
        issues: [{ text: '门禁卡失灵', kind: 'repair' }],
      },
    });
    expect(res.status).toBe(201);
    expect(res.body.issues[0].ticketNumber).toMatch(/^BX/);
    const cov = await srv.request('/api/v1/visits/coverage', { token: tokens['pianqu-a'] });
    expect(cov.body.zones).toHaveLength(1);
    expect(cov.body.zones[0]).toMatchObject({ zone: 'A区', visitedThisMonth: 1 });
    const auto = await srv.request('/api/v1/visits', {
      method: 'POST',
      token: tokens['pianqu-a'],
      json: { unitId: await unit('1', '101'), method: 'door', issues: [{ text: '卫生间地漏堵了' }] },
    });
    expect(auto.body.issues[0].ticketNumber).toMatch(/^BX/); // read as a repair
    const plans = await srv.request('/api/v1/visits/plans', { token: tokens.kefu });
    expect(plans.body.zones).toHaveLength(3);
    const left = await srv.request('/api/v1/visits/remaining', { token: tokens['pianqu-a'] });
    expect(left.body).toMatchObject({ role: 'assistant', zones: [{ zone: 'A区', due: 9, visited: 2 }] });
    const frontDesk = await srv.request('/api/v1/visits/remaining', { token: tokens.qiantai });
    expect(frontDesk.status).toBe(403);
    const bad = await srv.request('/api/v1/visits', {
      method: 'POST',
      token: tokens.kefu,
      json: { unitId: 'x' },
    });
    expect(bad.status).toBe(400);
  });

  it('documents every new route in the OpenAPI document', async () => {
    const doc = await srv.request('/api/v1/openapi.json', { token: null });
    for (const path of [
      '/patrols',
      '/patrols/status',
      '/patrols/photos',
      '/patrols/photos/{fileId}',
      '/vacant-units',
      '/vacant-units/{unitId}/inspections',
      '/vacant-units/{unitId}',
      '/visits',
      '/visits/coverage',
      '/visits/plans',
      '/visits/remaining',
      '/visits/key-customers/{unitId}',
      '/visits/meetings',
    ])
      expect(Object.keys(doc.body.paths)).toContain(`/api/v1${path}`);
  });
});
