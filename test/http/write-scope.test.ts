import { Types } from 'mongoose';
import { BindingCode, ConsoleUser, Person, Unit, Zone } from '../../src/data/models/index.js';
import { loadDemoData } from '../../src/demo/seed.js';
import { seedDemoConsoleUsers } from '../../src/demo/console-users.js';
import { startTestServer, type TestServer } from '../support/http.js';

const PASSWORD = 'console-test-pass';
let srv: TestServer;
let communityId: string;
let zoneA = '';
let zoneB = '';
const tokens: Record<string, string> = {};

beforeAll(async () => {
  srv = await startTestServer({ console: { demoPassword: PASSWORD, passwordRounds: 4 } });
  ({ communityId } = await loadDemoData(srv.services));
  await seedDemoConsoleUsers(srv.services.auth, communityId, PASSWORD);
  for (const username of ['pianqu-a', 'qiantai']) {
    const user = await ConsoleUser.findOne({ username }).lean();
    const res = await srv.request('/api/v1/auth/tokens', {
      method: 'POST',
      json: { name: username, userId: String(user!._id) },
    });
    tokens[username] = res.body.token;
  }
  [zoneA, zoneB] = (await Promise.all(
    ['A', 'B'].map(async (code) => String((await Zone.findOne({ code }).lean())!._id)),
  )) as [string, string];
}, 60_000);
afterAll(() => srv.close());

const publicRepair = (zoneId: string, extra: Record<string, unknown> = {}) => ({
  kind: 'repair',
  scope: 'public',
  location: '路灯',
  zoneId,
  description: '路灯不亮',
  ...extra,
});

describe('scope on write paths', () => {
  it('never returns, for a guessed sourceKey, a ticket the caller may not see', async () => {
    const owner = await Person.findOne({ name: '张伟' }).lean();
    const unit = await Unit.findById(owner!.units[0]!.unitId).lean();
    const sourceKey = 'mock:dm:demo-13800138000:2';
    const made = await srv.request('/api/v1/tickets', {
      method: 'POST',
      token: tokens.qiantai,
      json: {
        kind: 'repair',
        unitId: String(unit!._id),
        reporterId: String(owner!._id),
        description: '卫生间漏水',
        sourceKey,
      },
    });
    expect(made.status).toBe(201);
    const zoneOfTicket = made.body.zoneId as string;
    // pianqu-a manages zone A; if the owner lives in zone A, use a zone-B ticket instead
    const guessedKey = zoneOfTicket === zoneA ? 'mock:dm:demo-b:1' : sourceKey;
    if (guessedKey !== sourceKey) {
      const b = await srv.request('/api/v1/tickets', {
        method: 'POST',
        token: tokens.qiantai,
        json: publicRepair(zoneB, { sourceKey: guessedKey, reporterName: '李四', phone: '13900000000' }),
      });
      expect(b.status).toBe(201);
    }
    const probe = await srv.request('/api/v1/tickets', {
      method: 'POST',
      token: tokens['pianqu-a'],
      json: publicRepair(zoneA, { sourceKey: guessedKey }),
    });
    expect(probe.status).toBe(409);
    expect(probe.body.error.code).toBe('source_key_taken');
    expect(probe.text).not.toMatch(/number|reporter|phone|张伟|李四/);
    // the front desk, who may see it, gets the same ticket back (idempotent)
    const again = await srv.request('/api/v1/tickets', {
      method: 'POST',
      token: tokens.qiantai,
      json: {
        kind: 'repair',
        unitId: String(unit!._id),
        description: '卫生间漏水',
        sourceKey,
      },
    });
    expect(again.body.number).toBe(made.body.number);
  });

  it('lets a zone manager create tickets in their zones only', async () => {
    const inB = await srv.request('/api/v1/tickets', {
      method: 'POST',
      token: tokens['pianqu-a'],
      json: publicRepair(zoneB),
    });
    expect(inB.status).toBe(403);
    expect(inB.body.error.code).toBe('wrong_zone');
    const inA = await srv.request('/api/v1/tickets', {
      method: 'POST',
      token: tokens['pianqu-a'],
      json: publicRepair(zoneA),
    });
    expect(inA.status).toBe(201);
    expect(inA.body.zoneId).toBe(zoneA);
  });

  it('shows a zone manager the binding claims of their zones only', async () => {
    const claim = async (zoneId: string, code: string) =>
      BindingCode.create({
        code,
        purpose: 'owner',
        communityId: new Types.ObjectId(communityId),
        zoneId: new Types.ObjectId(zoneId),
        expiresAt: new Date(Date.now() + 3_600_000),
        claim: { platform: 'mock', contactId: `c-${code}`, name: '陌生人', phone: '13911112222' },
      });
    await claim(zoneA, '111111');
    await claim(zoneB, '222222');
    const seen = await srv.request('/api/v1/binding-codes?pageSize=100', { token: tokens['pianqu-a'] });
    expect(seen.status).toBe(200);
    const codes = seen.body.items.map((c: { code: string }) => c.code);
    expect(codes).toContain('111111');
    expect(codes).not.toContain('222222');
    const all = await srv.request('/api/v1/binding-codes?pageSize=100', { token: tokens.qiantai });
    expect(all.body.items.map((c: { code: string }) => c.code)).toEqual(
      expect.arrayContaining(['111111', '222222']),
    );
    const decide = await srv.request('/api/v1/binding-codes/222222/approve', {
      method: 'POST',
      token: tokens['pianqu-a'],
    });
    expect(decide.status).toBe(404);
  });
});
