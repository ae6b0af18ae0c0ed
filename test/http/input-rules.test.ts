import { gzipSync } from 'node:zlib';
import { Ticket } from '../../src/data/models/index.js';
import { loadDemoData } from '../../src/demo/seed.js';
import { parseMoneyIn } from '../../src/services/input-rules.js';
import { startTestServer, type TestServer } from '../support/http.js';

let srv: TestServer;
let unitId: string;
let communityId: string;

beforeAll(async () => {
  srv = await startTestServer();
  ({ communityId } = await loadDemoData(srv.services));
  unitId = (await srv.request('/api/v1/units?building=1&pageSize=1')).body.items[0]._id;
}, 60_000);
afterAll(() => srv.close());

const repair = (over: Record<string, unknown> = {}) => ({
  communityId,
  kind: 'repair',
  unitId,
  description: '厨房水管漏水',
  ...over,
});
const post = (json: unknown) => srv.request('/api/v1/tickets', { method: 'POST', json });
const DAY = 86_400_000;

describe('money in chat texts', () => {
  it.each([
    ['费用 80', { amount: 80 }],
    ['换阀门 收费：120.5元', { amount: 120.5 }],
    ['费用 ¥35', { amount: 35 }],
    ['费用 1e9', { error: 'money_invalid', text: '1e9' }],
    ['费用 -50', { error: 'money_invalid', text: '-50' }],
    ['费用 12.345', { error: 'money_invalid', text: '12.345' }],
    ['费用 0', { error: 'money_invalid', text: '0' }],
    ['费用 100001', { error: 'money_invalid', text: '100001' }],
  ])('%s', (text, expected) => {
    expect(parseMoneyIn(text, ['费用', '收费', '金额'])).toMatchObject(expected);
  });
  it('finds nothing where no amount is given', () => {
    expect(parseMoneyIn('更换水管接头', ['费用'])).toBeUndefined();
  });
});

describe('input rules of the API', () => {
  it('refuses appointments in the past or more than a year ahead, and takes a sane one', async () => {
    const past = await post(repair({ appointment: { from: new Date(Date.now() - 2 * DAY).toISOString() } }));
    expect(past.status).toBe(400);
    expect(past.body.error.message).toMatch(/appointment/);
    const far = await post(repair({ appointment: { from: '2099-01-01T10:00:00+08:00' } }));
    expect(far.status).toBe(400);
    const ok = await post(repair({ appointment: { from: new Date(Date.now() + DAY).toISOString() } }));
    expect(ok.status).toBe(201);
  });

  it('refuses a reporter or a subject that does not exist, storing nothing', async () => {
    const before = await Ticket.countDocuments();
    const ghost = '0123456789abcdef01234567';
    const r1 = await post(repair({ reporterId: ghost }));
    expect(r1.status).toBe(404);
    expect(r1.body.error.code).toBe('person_not_found');
    const r2 = await post({
      communityId,
      kind: 'complaint',
      description: '噪音扰民',
      scope: 'public',
      location: '3栋',
      subject: { personId: ghost },
    });
    expect(r2.status).toBe(404);
    expect(await Ticket.countDocuments()).toBe(before);
  });

  it('decodes a GBK body as GBK and refuses a charset it does not know (415)', async () => {
    const text = JSON.stringify(repair({ description: '卫生间地漏堵塞' }));
    // encode as GBK through the platform's own tables: iconv-lite is what the body parser uses
    const iconv = (await import('iconv-lite')).default;
    const res = await srv.request('/api/v1/tickets', {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=gbk' },
      body: new Uint8Array(iconv.encode(text, 'gbk')),
    });
    expect(res.status).toBe(201);
    expect(res.body.description).toBe('卫生间地漏堵塞');
    const bad = await srv.request('/api/v1/tickets', {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=x-klingon' },
      body: text,
    });
    expect(bad.status).toBe(415);
    expect(bad.body.error.code).toBe('unsupported_charset');
  });

  it('answers a Content-Encoding the body does not match with 400, not 500', async () => {
    const body = JSON.stringify(repair());
    for (const encoding of ['gzip', 'br', 'x-unknown']) {
      const res = await srv.request('/api/v1/tickets', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': encoding },
        body,
      });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('bad_content_encoding');
    }
    const gz = await srv.request('/api/v1/tickets', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: new Uint8Array(gzipSync(body)),
    });
    expect(gz.status).toBe(201);
  });

  it('labels every response in /metrics with the status it really had', async () => {
    await srv.request('/api/v1/tickets/BX20260101-9999');
    await srv.request('/api/v1/tickets', { token: 'wrong-token-0123456789' });
    await post({ kind: 'nonsense' });
    // a 500: a route whose handler throws something unexpected
    const tickets = srv.services.tickets as unknown as { list: () => Promise<unknown> };
    const list = tickets.list;
    tickets.list = () => Promise.reject(new Error('boom'));
    expect((await srv.request('/api/v1/tickets')).status).toBe(500);
    tickets.list = list;
    const text = (await srv.request('/metrics', { token: null })).text;
    for (const [route, status] of [
      ['/api/v1/tickets/:number', '404'],
      ['/api/v1/tickets', '401'],
      ['/api/v1/tickets', '400'],
      ['/api/v1/tickets', '500'],
    ])
      expect(text).toContain(`route="${route}",status="${status}"`);
    expect(text).toContain('outbox_queue_delay_seconds');
  });
});
