import { DateTime } from 'luxon';
import { ConsoleUser, Person, Unit, Zone } from '../../src/data/models/index.js';
import { loadDemoData } from '../../src/demo/seed.js';
import { seedDemoConsoleUsers } from '../../src/demo/console-users.js';
import { startTestServer, type TestServer } from '../support/http.js';

const PASSWORD = 'console-test-pass';
let srv: TestServer;
const tokens: Record<string, string> = {};
let zoneA = '';
let ownerA: { personId: string; unitId: string };
let ownerB: { personId: string; unitId: string };

const day = (n: number) => DateTime.now().setZone('Asia/Shanghai').plus({ days: n }).toISODate()!;

/** A demo owner whose unit is (or is not) in zone A. */
async function ownerIn(inZoneA: boolean) {
  for (const p of await Person.find({ roles: 'owner' }).lean()) {
    const unit = await Unit.findById(p.units[0]!.unitId).lean();
    if ((String(unit!.zoneId) === zoneA) === inZoneA)
      return { personId: String(p._id), unitId: String(unit!._id) };
  }
  throw new Error('no owner');
}

beforeAll(async () => {
  srv = await startTestServer({ console: { demoPassword: PASSWORD, passwordRounds: 4 } });
  const { communityId } = await loadDemoData(srv.services);
  await seedDemoConsoleUsers(srv.services.auth, communityId, PASSWORD);
  for (const username of ['pianqu-a', 'qiantai']) {
    const user = await ConsoleUser.findOne({ username }).lean();
    const res = await srv.request('/api/v1/auth/tokens', {
      method: 'POST',
      json: { name: username, userId: String(user!._id) },
    });
    tokens[username] = res.body.token;
  }
  zoneA = String((await Zone.findOne({ code: 'A' }).lean())!._id);
  ownerA = await ownerIn(true);
  ownerB = await ownerIn(false);
}, 60_000);
afterAll(() => srv.close());

const apply = (who: { personId: string; unitId: string }, over: Record<string, unknown> = {}) => ({
  unitId: who.unitId,
  applicantId: who.personId,
  company: '自行装修',
  scope: '刷墙',
  startDate: day(8),
  endDate: day(30),
  ...over,
});

describe('renovation API', () => {
  it('registers an application at the front desk and answers bad input clearly', async () => {
    const made = await srv.request('/api/v1/renovations', {
      method: 'POST',
      token: tokens.qiantai,
      json: apply(ownerA),
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({
      state: 'submitted',
      company: '自行装修',
      nextViolationLevel: 'verbal_warning',
    });
    const soon = await srv.request('/api/v1/renovations', {
      method: 'POST',
      token: tokens.qiantai,
      json: apply(ownerA, { startDate: day(2) }),
    });
    expect(soon.status).toBe(400);
    expect(soon.body.error.code).toBe('renovation.too_soon');
    expect(soon.body.error.message).toContain(day(7));
    const junk = await srv.request('/api/v1/renovations', {
      method: 'POST',
      token: tokens.qiantai,
      json: { unitId: 'x', startDate: 'tomorrow', extra: 1 },
    });
    expect(junk.status).toBe(400);
    expect(junk.body.error.code).toBe('validation_failed');
    const bad = await srv.request('/api/v1/renovations/RN1/review', {
      method: 'POST',
      token: tokens.qiantai,
      json: {},
    });
    expect(bad.status).toBe(400);
  });

  it('keeps a zone manager to their zone for reads and writes', async () => {
    const b = await srv.request('/api/v1/renovations', {
      method: 'POST',
      token: tokens.qiantai,
      json: apply(ownerB),
    });
    expect(b.status).toBe(201);
    const list = await srv.request('/api/v1/renovations', { token: tokens['pianqu-a'] });
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeGreaterThan(0);
    expect(list.body.items.every((r: { zoneId: string }) => r.zoneId === zoneA)).toBe(true);
    const other = await srv.request(`/api/v1/renovations/${b.body.id}`, { token: tokens['pianqu-a'] });
    expect(other.status).toBe(404);
    const write = await srv.request(`/api/v1/renovations/${b.body.id}/violations`, {
      method: 'POST',
      token: tokens['pianqu-a'],
      json: { note: '噪音' },
    });
    expect(write.status).toBe(404);
    const search = await srv.request(`/api/v1/renovations?q=${encodeURIComponent(b.body.id)}`, {
      token: tokens.qiantai,
    });
    expect(search.body.items.map((r: { id: string }) => r.id)).toEqual([b.body.id]);
  });

  it('describes every renovation route in the OpenAPI document', async () => {
    const doc = await srv.request('/api/v1/openapi.json', { token: null });
    const paths = Object.keys(doc.body.paths).filter((p) => p.startsWith('/api/v1/renovations'));
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/renovations',
        '/api/v1/renovations/{id}',
        '/api/v1/renovations/{id}/review',
        '/api/v1/renovations/{id}/violations',
        '/api/v1/renovations/{id}/acceptance',
        '/api/v1/renovations/{id}/extension/decision',
        '/api/v1/renovations/{id}/photos',
        '/api/v1/renovations/{id}/photos/{fileId}',
      ]),
    );
    expect(doc.body.paths['/api/v1/renovations/{id}/photos'].post.requestBody.content).toHaveProperty(
      'image/*',
    );
  });

  it('takes drawings and record photos as images, within the size limit, and serves only its own', async () => {
    const made = await srv.request('/api/v1/renovations', {
      method: 'POST',
      token: tokens.qiantai,
      json: apply(ownerA, { company: '照片测试装饰' }),
    });
    const id = made.body.id as string;
    const upload = (body: BodyInit, type: string, to = 'application', token = tokens.qiantai) =>
      srv.request(`/api/v1/renovations/${id}/photos?to=${to}`, {
        method: 'POST',
        token,
        body,
        headers: { 'content-type': type },
      });
    const drawing = await upload(PNG, 'image/png');
    expect(drawing.status).toBe(201);
    expect(drawing.body.renovation.photos).toHaveLength(1);
    expect(drawing.body.photo).toMatchObject({ contentType: 'image/png', size: PNG.length });
    const served = await srv.request(`/api/v1/renovations/${id}/photos/${drawing.body.photo.fileId}`, {
      token: tokens.qiantai,
    });
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    // not an image, a lie about the type, too large, a bad target: clear 400s, nothing stored
    const text = await upload('hello', 'text/plain');
    expect(text.status).toBe(400);
    expect(text.body.error.message).toMatch(/image/);
    expect((await upload('hello', 'image/png')).body.error.message).toMatch(/not a JPEG, PNG, GIF or WebP/);
    const big = await upload(Buffer.concat([PNG, Buffer.alloc(6 * 1024 * 1024)]), 'image/png');
    expect(big.status).toBe(400);
    expect(big.body.error.message).toMatch(/larger than 5242880 bytes/);
    expect((await upload(PNG, 'image/png', 'elsewhere')).status).toBe(400);
    // a record photo: kept for the inspection, which cites it; another file id is refused
    const other = await srv.request(`/api/v1/renovations/${id}/photos/0123456789abcdef01234567`, {
      token: tokens.qiantai,
    });
    expect(other.status).toBe(404);
    const doc = await srv.request(`/api/v1/renovations/${id}`, { token: tokens.qiantai });
    expect(doc.body.photos).toHaveLength(1);
    expect(doc.body.photoMaxBytes).toBe(5 * 1024 * 1024);
  });
});

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
