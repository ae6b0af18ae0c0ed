import { Person, Zone } from '../../src/data/models/index.js';
import { loadDemoData } from '../../src/demo/seed.js';
import { startTestServer, type TestServer } from '../support/http.js';

let srv: TestServer;
let communityId: string;
let unitId: string;

beforeAll(async () => {
  srv = await startTestServer();
  ({ communityId } = await loadDemoData(srv.services));
  const units = await srv.request('/api/v1/units?building=1&pageSize=5');
  unitId = units.body.items[0]._id;
});
afterAll(() => srv.close());

const newRepair = (over: Record<string, unknown> = {}) =>
  srv.request('/api/v1/tickets', {
    method: 'POST',
    json: { communityId, kind: 'repair', unitId, description: '厨房水管漏水', ...over },
  });

describe('health and metrics', () => {
  it('reports the database up and the not-yet-started components', async () => {
    const res = await srv.request('/healthz', { token: null });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      db: { status: 'up' },
      bot: { status: 'disabled' },
      scheduler: { status: 'disabled' },
    });
  });

  it('serves Prometheus metrics that count requests and tickets', async () => {
    await newRepair();
    const res = await srv.request('/metrics', { token: null });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    expect(res.text).toMatch(/tickets_created_total\{kind="repair"\} [1-9]/);
    expect(res.text).toMatch(/http_requests_total\{method="POST",route="\/api\/v1\/tickets",status="201"\}/);
    expect(res.text).toMatch(/process_resident_memory_bytes/);
  });
});

describe('authentication', () => {
  it.each([
    ['no token', null],
    ['a wrong token', 'wrong-token-0123456789'],
    ['a token that is a prefix of the right one', 'test-token'],
  ])('refuses %s with 401 in the error shape', async (_name, token) => {
    const res = await srv.request('/api/v1/tickets', { token });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
  });

  it('refuses a non-bearer scheme', async () => {
    const res = await srv.request('/api/v1/people', {
      token: null,
      headers: { authorization: 'Basic dGVzdDp0ZXN0' },
    });
    expect(res.status).toBe(401);
  });
});

describe('tickets', () => {
  it('creates a ticket and shows it with its timeline and allowed actions', async () => {
    const created = await newRepair({ phone: '13800138000', category: 'plumbing' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      kind: 'repair',
      state: 'received',
      scope: 'in_unit',
      number: expect.stringMatching(/^BX\d{8}-\d{4}$/),
    });
    const detail = await srv.request(`/api/v1/tickets/${created.body.number}`);
    expect(detail.status).toBe(200);
    expect(detail.body.timeline).toEqual([
      expect.objectContaining({ event: 'create', to: 'received', actorKind: 'admin', seq: 0 }),
    ]);
    expect(detail.body.actions).toEqual(expect.arrayContaining(['dispatch', 'cancel', 'note']));
    expect(detail.body.timeline[0].patch).toBeUndefined();
  });

  it('runs actions through the domain service and answers the new state', async () => {
    const { body } = await newRepair();
    const worker = await Person.findOne({ name: '维修工老张' }).lean();
    const dispatched = await srv.request(`/api/v1/tickets/${body.number}/dispatch`, {
      method: 'POST',
      json: { assigneeId: String(worker!._id) },
    });
    expect(dispatched.status).toBe(200);
    expect(dispatched.body).toMatchObject({ state: 'dispatched', assigneeName: '维修工老张' });
    const arrive = await srv.request(`/api/v1/tickets/${body.number}/arrive`, { method: 'POST', json: {} });
    expect(arrive.status).toBe(409);
    expect(arrive.body.error.code).toBe('transition_not_allowed');
    const accept = await srv.request(`/api/v1/tickets/${body.number}/accept`, { method: 'POST', json: {} });
    expect(accept.status).toBe(403);
    expect(accept.body.error.code).toBe('transition_forbidden');
  });

  it('lists with filters and pagination', async () => {
    for (let i = 0; i < 3; i++) await newRepair({ description: `分页测试${i}` });
    const page = await srv.request('/api/v1/tickets?pageSize=2&page=1&kind=repair');
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(2);
    expect(page.body.total).toBeGreaterThanOrEqual(3);
    const zone = await Zone.findOne({ code: 'A' }).lean();
    const byZone = await srv.request(`/api/v1/tickets?zone=${zone!._id}&state=received`);
    expect(
      byZone.body.items.every(
        (t: { zoneId: string; state: string }) => t.zoneId === String(zone!._id) && t.state === 'received',
      ),
    ).toBe(true);
    const none = await srv.request(`/api/v1/tickets?from=2030-01-01`);
    expect(none.body).toMatchObject({ items: [], total: 0 });
    const capped = await srv.request('/api/v1/tickets?pageSize=5000');
    expect(capped.body.pageSize).toBe(100);
  });

  it('shows the people and units with their residents', async () => {
    const people = await srv.request('/api/v1/people?role=staff&department=engineering');
    expect(people.body.items.map((p: { name: string }) => p.name).sort()).toEqual([
      '维修工孙师傅',
      '维修工小刘',
      '维修工老张',
    ]);
    const units = await srv.request('/api/v1/units?building=1&pageSize=1');
    expect(units.body.items[0]).toMatchObject({
      building: '1',
      owners: [expect.objectContaining({ name: '张伟' })],
    });
    expect(units.body.total).toBe(5);
  });
});

describe('bad input', () => {
  it.each([
    ['an unknown filter', '/api/v1/tickets?color=red'],
    ['an unknown state', '/api/v1/tickets?state=flying'],
    ['an operator in a query key', '/api/v1/tickets?state[$gt]='],
    ['an operator as an id', '/api/v1/tickets?zone={"$gt":""}'],
    ['a non-numeric page', '/api/v1/tickets?page=abc'],
    ['a bad date', '/api/v1/tickets?from=yesterday-ish'],
    ['an unknown role', '/api/v1/people?role=king'],
  ])('answers 400 validation_failed for %s', async (_name, path) => {
    const res = await srv.request(path);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'validation_failed', message: expect.any(String) });
  });

  it('refuses operator injection in a body', async () => {
    const res = await newRepair({ unitId: { $gt: '' } });
    expect(res.status).toBe(400);
    const res2 = await srv.request('/api/v1/tickets', {
      method: 'POST',
      json: { communityId, kind: { $ne: 'x' }, description: 'x' },
    });
    expect(res2.status).toBe(400);
  });

  it('refuses unknown fields, missing fields and wrong types', async () => {
    expect((await newRepair({ isAdmin: true })).status).toBe(400);
    expect((await newRepair({ description: undefined })).status).toBe(400);
    expect((await newRepair({ description: 42 })).status).toBe(400);
    expect((await newRepair({ appointment: { from: 'not a date' } })).status).toBe(400);
  });

  it('refuses malformed JSON, a non-JSON body and an oversize body in the error shape', async () => {
    const malformed = await srv.request('/api/v1/tickets', {
      method: 'POST',
      body: '{"kind": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('bad_request');
    const big = await newRepair({ description: 'x'.repeat(2 * 1024 * 1024) });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('payload_too_large');
    const text = await srv.request('/api/v1/tickets', {
      method: 'POST',
      body: 'kind=repair',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(400);
  });

  it('answers unknown routes, tickets and actions with 404 in the same shape', async () => {
    for (const [path, method] of [
      ['/nope', 'GET'],
      ['/api/v1/tickets/BX20990101-0001', 'GET'],
      ['/api/v1/tickets/BX20990101-0001/dispatch', 'POST'],
      ['/api/v1/tickets/x/__proto__', 'POST'],
    ] as const) {
      const res = await srv.request(path, { method, json: method === 'POST' ? {} : undefined });
      expect(res.status).toBe(404);
      expect(res.body.error).toEqual({
        code: expect.stringMatching(/_not_found$/),
        message: expect.any(String),
      });
    }
  });

  it('answers in the caller’s language', async () => {
    const en = await srv.request('/api/v1/tickets/BX20990101-0001', {
      headers: { 'accept-language': 'en-US,en;q=0.9' },
    });
    expect(en.body.error.message).toBe('No ticket BX20990101-0001');
    const tw = await srv.request('/api/v1/tickets/BX20990101-0001', {
      headers: { 'accept-language': 'zh-TW' },
    });
    expect(tw.body.error.message).toBe('找不到工單 BX20990101-0001');
    const cn = await srv.request('/api/v1/tickets/BX20990101-0001');
    expect(cn.body.error.message).toBe('找不到工单 BX20990101-0001');
  });
});

describe('GET /api/v1/settings', () => {
  it('shows the effective configuration with secrets redacted', async () => {
    const res = await srv.request('/api/v1/settings');
    expect(res.status).toBe(200);
    expect(res.body.sla.dispatch).toBe(5 * 60_000);
    expect(res.body.apiToken).toBe('***');
    expect(res.body.db.uri).toBe('***');
    expect(res.text).not.toContain('test-token-0123456789');
    expect(res.text).not.toContain(process.env.MONGODB_URI!);
  });
  it('refuses a request without a token', async () => {
    expect((await srv.request('/api/v1/settings', { token: null })).status).toBe(401);
  });
});
