import { Types } from 'mongoose';
import {
  ApiToken,
  Community,
  ConsoleUser,
  Person,
  Room,
  Session,
  OpenTicket,
  Ticket,
  Unit,
  Zone,
} from '../../src/data/models/index.js';
import { loadDemoData } from '../../src/demo/seed.js';
import { seedDemoConsoleUsers } from '../../src/demo/console-users.js';
import { CONSOLE_ROLES, type ConsoleRole } from '../../src/domain/console-roles.js';
import { apiRoutes } from '../../src/http/routes/index.js';
import { LiveUpdates } from '../../src/http/live-updates.js';
import { silentLog } from '../support/fixtures.js';
import { startTestServer, TOKEN, type TestServer } from '../support/http.js';

const PASSWORD = 'console-test-pass';
const DEMO_USER: Record<Exclude<ConsoleRole, 'admin'>, string> = {
  cs_supervisor: 'kefu',
  front_desk: 'qiantai',
  zone_manager: 'pianqu-a',
  director: 'zhuren',
  finance: 'caiwu',
};

let srv: TestServer;
let communityId: string;
/** An API token per console role (admin: the bootstrap token). */
const tokens = {} as Record<ConsoleRole, string>;

beforeAll(async () => {
  srv = await startTestServer({
    console: { demoPassword: PASSWORD, passwordRounds: 4, loginAttempts: 3 },
  });
  ({ communityId } = await loadDemoData(srv.services));
  await seedDemoConsoleUsers(srv.services.auth, communityId, PASSWORD);
  tokens.admin = TOKEN;
  for (const [role, username] of Object.entries(DEMO_USER)) {
    const user = await ConsoleUser.findOne({ username }).lean();
    const res = await srv.request('/api/v1/auth/tokens', {
      method: 'POST',
      json: { name: `test ${role}`, userId: String(user!._id) },
    });
    expect(res.status).toBe(201);
    tokens[role as ConsoleRole] = res.body.token;
  }
}, 60_000);
afterAll(() => srv.close());

/** Signs in with a password; returns the cookie header and CSRF token. */
async function signIn(username: string, password = PASSWORD) {
  const res = await srv.request('/api/v1/auth/login', {
    method: 'POST',
    token: null,
    json: { username, password },
  });
  const cookie = res.headers.get('set-cookie') ?? '';
  return { res, cookie: cookie.split(';')[0]!, csrf: res.body?.csrfToken as string };
}

const ROUTES = apiRoutes(srv0(), new LiveUpdates({ onChange() {} } as never, silentLog));
/** The route list needs only the shape of Services to be built; no request is served by it. */
function srv0() {
  return new Proxy({}, { get: () => new Proxy(() => undefined, { get: () => () => undefined }) }) as never;
}
const SAMPLE: Record<string, string> = {
  number: 'BX20260101-0001',
  id: '0123456789abcdef01234567',
  fileId: '0123456789abcdef01234567',
  code: '123456',
};
const concrete = (path: string) =>
  '/api/v1' +
  path.replace(/:([A-Za-z]+)/g, (_m, name: string) =>
    name === 'id' && path.startsWith('/auth/tokens') ? '0123456789abcdef' : SAMPLE[name]!,
  );

describe('every route checks sign-in and role', () => {
  const guarded = ROUTES.filter((r) => r.roles !== 'public');

  it('lists the routes it checks (a guard that lists none would check nothing)', () => {
    expect(guarded.length).toBeGreaterThan(60);
  });

  it.each(guarded.map((r) => [r.method.toUpperCase(), r.path, r] as const))(
    '%s %s refuses a request without a token or session (401)',
    async (method, path) => {
      const res = await srv.request(concrete(path), {
        method,
        token: null,
        ...(method === 'GET' ? {} : { json: {} }),
      });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthorized');
    },
  );

  const refused = guarded.flatMap((r) =>
    CONSOLE_ROLES.filter((role) => !(r.roles as readonly string[]).includes(role)).map(
      (role) => [r.method.toUpperCase(), r.path, role] as const,
    ),
  );
  it('has routes some roles may not call', () => expect(refused.length).toBeGreaterThan(40));

  it.each(refused)('%s %s refuses the role %s (403)', async (method, path, role) => {
    const res = await srv.request(concrete(path), {
      method,
      token: tokens[role],
      ...(method === 'GET' ? {} : { json: {} }),
    });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
  });
});

describe('finance calls the fee routes and its own sign-in only', () => {
  it('is allowed exactly its routes', () => {
    const allowed = ROUTES.filter((r) => r.roles !== 'public' && r.roles.includes('finance')).map(
      (r) => `${r.method.toUpperCase()} ${r.path}`,
    );
    expect(allowed.sort()).toEqual(
      [
        'POST /auth/logout',
        'GET /auth/me',
        'GET /auth/tokens',
        'POST /auth/tokens',
        'DELETE /auth/tokens/:id',
        'POST /fees/import',
        'PUT /fees',
        'GET /fees/arrears',
        'GET /fees/collection',
        'GET /zones',
      ].sort(),
    );
  });

  it('reads the fees and zones of its community, and is refused tickets and live events', async () => {
    const me = await srv.request('/api/v1/auth/me', { token: tokens.finance });
    expect(me.body).toMatchObject({ role: 'finance', communityId, user: { username: 'caiwu' } });
    for (const path of ['/fees/arrears', '/fees/collection', '/zones'])
      expect((await srv.request(`/api/v1${path}`, { token: tokens.finance })).status).toBe(200);
    const zones = await srv.request('/api/v1/zones', { token: tokens.finance });
    expect(zones.body.total).toBeGreaterThan(1);
    for (const path of ['/tickets', '/events', '/people', '/units', '/reports/open-by-zone'])
      expect((await srv.request(`/api/v1${path}`, { token: tokens.finance })).status).toBe(403);
  });

  it('imports the finance CSV', async () => {
    const month = new Date().toISOString().slice(0, 7);
    const res = await srv.request('/api/v1/fees/import', {
      method: 'POST',
      token: tokens.finance,
      body: `unit,period,amountDue,paid\n1栋1单元101,${month},300,100\n`,
      headers: { 'content-type': 'text/csv' },
    });
    expect(res.status).toBe(200);
    expect(res.body.errors).toEqual([]);
  });
});

describe('every list route keeps a zone manager in their zones', () => {
  /** What only zone B holds: its units', residents' and chat groups' ids, the residents' phones. */
  const outside: string[] = [];
  /** The same for zone A, which pianqu-a manages: the lists must still show it. */
  const inside: string[] = [];

  beforeAll(async () => {
    const [a, b] = await Promise.all(['A', 'B'].map((code) => Zone.findOne({ code }).lean()));
    const marks = async (zone: typeof a, into: string[]) => {
      const units = await Unit.find({ zoneId: zone!._id }).lean();
      const residents = await Person.find({ 'units.unitId': { $in: units.map((u) => u._id) } }).lean();
      into.push(...units.map((u) => String(u._id)));
      for (const p of residents) into.push(String(p._id), p.phone!);
      for (const r of await Room.find({ zoneId: zone!._id }).lean()) into.push(String(r._id));
      return { unit: units.find((u) => u.state !== 'vacant')!, residents };
    };
    const inB = await marks(b, outside);
    await marks(a, inside);
    // zone B also has an open ticket, a fee in arrears and a renovation to leak
    const owner = inB.residents.find((p) => p.units.some((u) => String(u.unitId) === String(inB.unit._id)))!;
    const made = await srv.request('/api/v1/tickets', {
      method: 'POST',
      token: tokens.front_desk,
      json: {
        kind: 'repair',
        unitId: String(inB.unit._id),
        reporterId: String(owner._id),
        description: '阳台漏水',
      },
    });
    expect(made.status).toBe(201);
    const fee = await srv.request('/api/v1/fees', {
      method: 'PUT',
      token: tokens.front_desk,
      json: { unitId: String(inB.unit._id), period: '2026-11', amountDue: 300, amountPaid: 0 },
    });
    expect(fee.status).toBe(200);
  });

  /** Demo mode only (off here): the simulator's own scope is `inActorZones` in its route file. */
  const SERVED_ELSEWHERE = ['/simulator/cast', '/simulator/outbox'];
  const month = new Date().toISOString().slice(0, 7);
  /** The queries a list needs (the KPIs per worker name the staff of every ticket counted). */
  const REQUIRED: Record<string, string> = {
    '/reports/zone-ranking': `month=${month}`,
    '/reports/kpis': `month=${month}&groupBy=worker`,
  };
  const lists = ROUTES.filter(
    (r) =>
      r.method === 'get' &&
      !r.path.includes(':') &&
      r.roles !== 'public' &&
      r.roles.includes('zone_manager') &&
      !r.produces?.includes('text/event-stream') &&
      !SERVED_ELSEWHERE.includes(r.path),
  );
  it('checks every list route a zone manager may call', () => {
    expect(lists.map((r) => r.path)).toEqual(
      expect.arrayContaining(['/units', '/people', '/rooms', '/tickets']),
    );
    expect(lists.length).toBeGreaterThan(15);
  });

  /** A list's first 100 items when it pages, all of it otherwise. */
  const read = async (path: string, token: string) => {
    if (REQUIRED[path]) return srv.request(`/api/v1${path}?${REQUIRED[path]}`, { token });
    const wide = await srv.request(`/api/v1${path}?pageSize=100`, { token });
    return wide.status === 400 ? srv.request(`/api/v1${path}`, { token }) : wide;
  };

  it.each(lists.map((r) => [r.path] as const))('GET %s shows nothing of another zone', async (path) => {
    const res = await read(path, tokens.zone_manager);
    expect(res.status).toBe(200);
    const leaked = outside.filter((mark) => res.text.includes(mark));
    expect(leaked).toEqual([]);
  });

  it.each(['/units', '/people'])(
    'GET %s shows their own zone, and the other zone to the front desk',
    async (path) => {
      const mine = (await read(path, tokens.zone_manager)).text;
      expect(inside.some((mark) => mine.includes(mark))).toBe(true);
      const desk = (await read(path, tokens.front_desk)).text;
      expect(outside.some((mark) => desk.includes(mark))).toBe(true);
    },
  );

  it('finds no unit or resident of another zone when a zone manager filters by it', async () => {
    const b = String((await Zone.findOne({ code: 'B' }).lean())!._id);
    const units = await srv.request(`/api/v1/units?zone=${b}`, { token: tokens.zone_manager });
    expect(units.body).toMatchObject({ items: [], total: 0 });
    // staff who also work in zone A stay listed; zone B's residents do not
    const people = await srv.request(`/api/v1/people?zone=${b}&pageSize=100`, { token: tokens.zone_manager });
    expect(people.status).toBe(200);
    expect(outside.filter((mark) => people.text.includes(mark))).toEqual([]);
  });
});

describe('sign-in', () => {
  it('sets an HttpOnly SameSite=Strict cookie and stores a bcrypt hash, never the password', async () => {
    const { res } = await signIn('kefu');
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(
      /wuye_sid=wys_[\w-]{43}; path=\/; .*samesite=strict; httponly/i,
    );
    expect(res.body.user).not.toHaveProperty('passwordHash');
    const stored = await ConsoleUser.findOne({ username: 'kefu' }).lean();
    expect(stored!.passwordHash).toMatch(/^\$2[aby]\$04\$/);
    expect(JSON.stringify(stored)).not.toContain(PASSWORD);
  });

  it('stores only the hash of the session secret', async () => {
    const { cookie } = await signIn('kefu');
    const secret = cookie.split('=')[1]!;
    expect(await Session.countDocuments({ _id: secret })).toBe(0);
    expect(
      await Session.countDocuments({ userId: (await ConsoleUser.findOne({ username: 'kefu' }))!._id }),
    ).toBeGreaterThan(0);
  });

  it('needs the CSRF token on unsafe requests of a cookie session', async () => {
    const { cookie, csrf } = await signIn('qiantai');
    const me = await srv.request('/api/v1/auth/me', { token: null, headers: { cookie } });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ role: 'front_desk', communityId, csrfToken: csrf });
    const body = { kind: 'repair', description: '前台登记：2栋大堂门禁坏了', location: '2栋大堂' };
    const without = await srv.request('/api/v1/tickets', {
      method: 'POST',
      token: null,
      headers: { cookie },
      json: body,
    });
    expect(without.status).toBe(403);
    expect(without.body.error.code).toBe('csrf_failed');
    const wrong = await srv.request('/api/v1/tickets', {
      method: 'POST',
      token: null,
      headers: { cookie, 'x-csrf-token': 'x'.repeat(csrf.length) },
      json: body,
    });
    expect(wrong.status).toBe(403);
    const ok = await srv.request('/api/v1/tickets', {
      method: 'POST',
      token: null,
      headers: { cookie, 'x-csrf-token': csrf },
      json: body,
    });
    expect(ok.status).toBe(201);
    expect(await Ticket.countDocuments({ description: body.description })).toBe(1);
  });

  it('ends the session on sign-out', async () => {
    const { cookie, csrf } = await signIn('zhuren');
    const out = await srv.request('/api/v1/auth/logout', {
      method: 'POST',
      token: null,
      headers: { cookie, 'x-csrf-token': csrf },
    });
    expect(out.status).toBe(204);
    const me = await srv.request('/api/v1/auth/me', { token: null, headers: { cookie } });
    expect(me.status).toBe(401);
  });

  it('throttles failed sign-ins per user name and address, even for the right password then', async () => {
    for (let i = 0; i < 3; i++) expect((await signIn('pianqu-a', 'wrong-password')).res.status).toBe(401);
    const blocked = await signIn('pianqu-a', 'wrong-password');
    expect(blocked.res.status).toBe(429);
    expect(blocked.res.body.error.code).toBe('too_many_attempts');
    expect((await signIn('pianqu-a')).res.status).toBe(429);
    // another user from the same address is not blocked by it
    expect((await signIn('zhuren')).res.status).toBe(200);
  });

  it('answers an unknown user exactly like a wrong password', async () => {
    const unknown = await signIn('nobody-here', 'whatever-pass');
    expect(unknown.res.status).toBe(401);
    expect(unknown.res.body.error.code).toBe('login_failed');
  });

  it.each([
    ['an operator object as the user name', { username: { $gt: '' }, password: 'x' }],
    ['an operator object as the password', { username: 'kefu', password: { $ne: null } }],
    ['an unknown field', { username: 'kefu', password: PASSWORD, admin: true }],
    ['no body', undefined],
  ])('refuses %s with a validation error', async (_name, json) => {
    const res = await srv.request('/api/v1/auth/login', { method: 'POST', token: null, json });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
  });
});

describe('API tokens', () => {
  it('are shown once, stored hashed, and stop working when revoked', async () => {
    const created = await srv.request('/api/v1/auth/tokens', {
      method: 'POST',
      token: tokens.cs_supervisor,
      json: { name: 'crm' },
    });
    expect(created.status).toBe(201);
    const secret = created.body.token as string;
    expect(await ApiToken.countDocuments({ _id: secret })).toBe(0);
    expect((await srv.request('/api/v1/tickets', { token: secret })).status).toBe(200);
    const list = await srv.request('/api/v1/auth/tokens', { token: tokens.cs_supervisor });
    expect(JSON.stringify(list.body)).not.toContain(secret);
    expect(list.body.items.map((t: { name: string }) => t.name)).toContain('crm');
    const revoked = await srv.request(`/api/v1/auth/tokens/${created.body.id}`, {
      method: 'DELETE',
      token: tokens.cs_supervisor,
    });
    expect(revoked.status).toBe(200);
    expect((await srv.request('/api/v1/tickets', { token: secret })).status).toBe(401);
  });

  it("cannot revoke someone else's token unless admin", async () => {
    const mine = await srv.request('/api/v1/auth/tokens', {
      method: 'POST',
      token: tokens.director,
      json: { name: 'bi' },
    });
    const other = await srv.request(`/api/v1/auth/tokens/${mine.body.id}`, {
      method: 'DELETE',
      token: tokens.front_desk,
    });
    expect(other.status).toBe(404);
    expect((await srv.request('/api/v1/tickets', { token: mine.body.token })).status).toBe(200);
  });
});

describe('console users (admin)', () => {
  it('creates a user, refuses a duplicate name, and deactivating ends their sessions', async () => {
    const zone = await Zone.findOne({ code: 'B' }).lean();
    const json = {
      username: 'pianqu-b',
      displayName: '片区管理员B李娜',
      password: 'another-good-pass',
      role: 'zone_manager',
      communityId,
      zoneIds: [String(zone!._id)],
    };
    const created = await srv.request('/api/v1/users', { method: 'POST', json });
    expect(created.status).toBe(201);
    expect(created.body).not.toHaveProperty('passwordHash');
    expect((await srv.request('/api/v1/users', { method: 'POST', json })).status).toBe(409);
    const { cookie } = await signIn('pianqu-b', 'another-good-pass');
    expect((await srv.request('/api/v1/auth/me', { token: null, headers: { cookie } })).status).toBe(200);
    const off = await srv.request(`/api/v1/users/${created.body.id}`, {
      method: 'PATCH',
      json: { active: false },
    });
    expect(off.status).toBe(200);
    expect((await srv.request('/api/v1/auth/me', { token: null, headers: { cookie } })).status).toBe(401);
    expect((await signIn('pianqu-b', 'another-good-pass')).res.status).toBe(401);
  });

  it.each([
    ['a short password', { password: 'short' }],
    ['a zone manager without zones', { role: 'zone_manager', zoneIds: [] }],
    ['a front desk without a community', { role: 'front_desk', communityId: undefined }],
    ['a role that does not exist', { role: 'root' }],
  ])('refuses %s', async (_name, over) => {
    const json = {
      username: 'someone',
      displayName: '某人',
      password: 'long-enough-pass',
      role: 'front_desk',
      communityId,
      ...over,
    };
    const res = await srv.request('/api/v1/users', { method: 'POST', json });
    expect(res.status).toBe(400);
  });
});

describe('scope: zones and communities', () => {
  let otherToken: string;
  let otherCommunity: string;
  let demoTicket: string;

  beforeAll(async () => {
    const other = await Community.create({ code: 'other-garden', name: '别的花园' });
    otherCommunity = String(other._id);
    const user = await srv.request('/api/v1/users', {
      method: 'POST',
      json: {
        username: 'other-kefu',
        displayName: '别处客服',
        password: 'other-good-pass',
        role: 'cs_supervisor',
        communityId: otherCommunity,
      },
    });
    const token = await srv.request('/api/v1/auth/tokens', {
      method: 'POST',
      json: { name: 'other', userId: user.body.id },
    });
    otherToken = token.body.token;
    const created = await srv.request('/api/v1/tickets', {
      method: 'POST',
      token: tokens.front_desk,
      json: { kind: 'repair', description: '1栋电梯异响', location: '1栋电梯' },
    });
    demoTicket = created.body.number;
  });

  it('marks a ticket overdue in the list exactly when the overdue filter finds it', async () => {
    const before = await srv.request(`/api/v1/tickets/${demoTicket}`, { token: tokens.front_desk });
    expect(before.body.overdue).toBe(false);
    for (const m of [Ticket, OpenTicket])
      // open lists read the open-ticket mirror
      await (m as typeof Ticket).updateOne(
        { number: demoTicket },
        { $set: { 'sla.dispatchBy': new Date(Date.now() - 60_000) } },
      );
    const overdue = await srv.request('/api/v1/tickets?overdue=true&pageSize=100', {
      token: tokens.front_desk,
    });
    const item = overdue.body.items.find((t: { number: string }) => t.number === demoTicket);
    expect(item).toMatchObject({ overdue: true });
    expect(overdue.body.items.every((t: { overdue: boolean }) => t.overdue)).toBe(true);
  });

  it("keeps another community's tickets, people and reports out of sight", async () => {
    expect((await srv.request(`/api/v1/tickets/${demoTicket}`, { token: otherToken })).status).toBe(404);
    expect((await srv.request('/api/v1/tickets', { token: otherToken })).body.total).toBe(0);
    expect((await srv.request('/api/v1/people', { token: otherToken })).body.total).toBe(0);
    const p = await Person.findOne({ communityId }).lean();
    const edit = await srv.request(`/api/v1/people/${p!._id}`, {
      method: 'PATCH',
      token: otherToken,
      json: { name: '改名' },
    });
    expect(edit.status).toBe(404);
    expect((await Person.findById(p!._id).lean())!.name).toBe(p!.name);
  });

  it('refuses a write into another community', async () => {
    const res = await srv.request('/api/v1/zones', {
      method: 'POST',
      token: tokens.cs_supervisor,
      json: { communityId: otherCommunity, code: 'X', name: '外区' },
    });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('wrong_community');
    expect(await Zone.countDocuments({ communityId: new Types.ObjectId(otherCommunity) })).toBe(0);
  });

  it("shows a zone manager only their zone's tickets", async () => {
    const [a, b] = await Promise.all(['A', 'B'].map((code) => Zone.findOne({ code }).lean()));
    for (const z of [a, b])
      await srv.request('/api/v1/tickets', {
        method: 'POST',
        token: tokens.front_desk,
        json: {
          kind: 'repair',
          description: `片区${z!.code}路灯不亮`,
          zoneId: String(z!._id),
          scope: 'public',
          location: '路灯',
        },
      });
    const seen = await srv.request('/api/v1/tickets?pageSize=100', { token: tokens.zone_manager });
    const zones = new Set(seen.body.items.map((t: { zoneId: string }) => t.zoneId));
    expect(zones.has(String(a!._id))).toBe(true);
    expect(zones.has(String(b!._id))).toBe(false);
  });
});

describe('bad input', () => {
  it.each([
    ['an operator in a query string', '/api/v1/tickets?state[$gt]='],
    ['a regex operator in the search', '/api/v1/tickets?q[$regex]=.*'],
    ['an operator in a directory filter', '/api/v1/people?role[$ne]=owner'],
    ['a page size beyond the limit', '/api/v1/people?pageSize=100000'],
    ['an unknown filter', '/api/v1/units?where=1'],
  ])('refuses %s with a validation error', async (_name, path) => {
    const res = await srv.request(path);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
  });

  it.each([
    ['people', { name: { $gt: '' }, roles: ['owner'] }],
    ['units', { zoneId: { $ne: null }, building: '1', entrance: '1', room: '101' }],
    ['zones', { code: 'Z', name: 'Z', $where: 'sleep(1000)' }],
    ['rooms', { platformRoomId: { $gt: '' }, topic: 't', purpose: 'staff' }],
  ])('refuses an operator object in a %s body', async (kind, json) => {
    const res = await srv.request(`/api/v1/${kind}`, { method: 'POST', json });
    expect(res.status).toBe(400);
  });

  it('refuses an oversize body with 413 and stores nothing', async () => {
    const before = await Ticket.countDocuments();
    const res = await srv.request('/api/v1/tickets', {
      method: 'POST',
      json: { kind: 'repair', description: 'x'.repeat(2_000_000) },
    });
    expect(res.status).toBe(413);
    expect(await Ticket.countDocuments()).toBe(before);
  });

  it('refuses a JSON body on a CSV import', async () => {
    const res = await srv.request('/api/v1/units/import', { method: 'POST', json: { rows: [] } });
    expect(res.status).toBe(400);
  });
});

describe('directory: create, edit, deactivate, export, import', () => {
  it('creates, edits and deactivates a zone, a unit and a person', async () => {
    const zone = await srv.request('/api/v1/zones', {
      method: 'POST',
      token: tokens.cs_supervisor,
      json: { code: 'D', name: 'D区', buildings: ['7'] },
    });
    expect(zone.status).toBe(201);
    const unit = await srv.request('/api/v1/units', {
      method: 'POST',
      token: tokens.front_desk,
      json: { zoneId: zone.body._id, building: '7', entrance: '1', room: '101' },
    });
    expect(unit.status).toBe(201);
    const dup = await srv.request('/api/v1/units', {
      method: 'POST',
      token: tokens.front_desk,
      json: { zoneId: zone.body._id, building: '7', entrance: '1', room: '101' },
    });
    expect(dup.status).toBe(409);
    const person = await srv.request('/api/v1/people', {
      method: 'POST',
      token: tokens.front_desk,
      json: {
        name: '新业主',
        phone: '13712345678',
        roles: ['owner'],
        units: [{ unitId: unit.body._id, relation: 'owner' }],
      },
    });
    expect(person.status).toBe(201);
    const edited = await srv.request(`/api/v1/people/${person.body._id}`, {
      method: 'PATCH',
      token: tokens.front_desk,
      json: { name: '新业主王' },
    });
    expect(edited.body.name).toBe('新业主王');
    const off = await srv.request(`/api/v1/people/${person.body._id}/active`, {
      method: 'PUT',
      token: tokens.front_desk,
      json: { active: false },
    });
    expect(off.body.active).toBe(false);
    const listed = await srv.request('/api/v1/people?q=新业主&active=all', { token: tokens.front_desk });
    expect(listed.body.items).toHaveLength(1);
    expect(
      (await srv.request('/api/v1/people?q=新业主', { token: tokens.front_desk })).body.items,
    ).toHaveLength(0);
  });

  it('masks phone numbers for a director and shows them to the front desk', async () => {
    const director = await srv.request('/api/v1/people?role=owner&pageSize=5', { token: tokens.director });
    expect(director.body.items[0].phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    const desk = await srv.request('/api/v1/people?role=owner&pageSize=5', { token: tokens.front_desk });
    expect(desk.body.items[0].phone).toMatch(/^\d{11}$/);
  });

  it('exports units and people as CSV that imports back unchanged', async () => {
    for (const kind of ['zones', 'units', 'people', 'rooms']) {
      const csv = await srv.request(`/api/v1/${kind}/export?format=csv`, { token: tokens.cs_supervisor });
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
      const again = await srv.request(`/api/v1/${kind}/import`, {
        method: 'POST',
        token: tokens.cs_supervisor,
        headers: { 'content-type': 'text/csv' },
        body: csv.text,
      });
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ created: 0, updated: 0, errors: [] });
      expect(again.body.unchanged).toBeGreaterThan(0);
    }
  });

  it('imports good rows and reports bad ones by row number', async () => {
    const csv = 'zone,building,entrance,room\nA,1,9,901\nZZ,1,9,902\nA,,9,903\n';
    const res = await srv.request('/api/v1/units/import', {
      method: 'POST',
      token: tokens.front_desk,
      headers: { 'content-type': 'text/csv' },
      body: csv,
    });
    expect(res.body.created).toBe(1);
    expect(res.body.errors.map((e: { row: number }) => e.row)).toEqual([3, 4]);
  });

  it('imports in the background: 202 with the job, progress and report for its starter and admins only', async () => {
    const csv = 'zone,building,entrance,room\nA,1,8,801\nA,1,8,802\nZZ,1,8,803\n';
    const started = await srv.request('/api/v1/units/import?background=true', {
      method: 'POST',
      token: tokens.front_desk,
      headers: { 'content-type': 'text/csv' },
      body: csv,
    });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ kind: 'units', state: 'running' });
    const path = `/api/v1/imports/${started.body.id}`;
    let job = (await srv.request(path, { token: tokens.front_desk })).body;
    for (let i = 0; i < 100 && job.state === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      job = (await srv.request(path, { token: tokens.front_desk })).body;
    }
    expect(job).toMatchObject({ state: 'done', done: 3, total: 3, report: { created: 2 } });
    expect(job.report.errors.map((e: { row: number }) => e.row)).toEqual([4]);
    expect((await srv.request(path, { token: tokens.cs_supervisor })).status).toBe(404);
    expect((await srv.request(path)).body.state).toBe('done'); // admin
    expect((await srv.request('/api/v1/imports/0123456789abcdef')).body.error.code).toBe(
      'import_job_not_found',
    );
  });

  it('exports XLSX', async () => {
    const res = await fetch(`${srv.url}/api/v1/people/export?format=xlsx`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
  });

  it('lists and revokes binding codes', async () => {
    const staff = await Person.findOne({ roles: 'staff' }).lean();
    const issued = await srv.request('/api/v1/binding-codes', {
      method: 'POST',
      token: tokens.cs_supervisor,
      json: { purpose: 'staff', personId: String(staff!._id) },
    });
    expect(issued.status).toBe(201);
    const list = await srv.request('/api/v1/binding-codes?pending=true', { token: tokens.front_desk });
    expect(list.body.items.map((c: { code: string }) => c.code)).toContain(issued.body.code);
    const revoked = await srv.request(`/api/v1/binding-codes/${issued.body.code}`, {
      method: 'DELETE',
      token: tokens.cs_supervisor,
    });
    expect(revoked.status).toBe(200);
    expect(await srv.services.bindings.redeem(issued.body.code, 'staff', 'someone')).toBeUndefined();
  });
});

describe('reports and documents', () => {
  it('counts open and overdue tickets per zone in the caller scope', async () => {
    const res = await srv.request('/api/v1/reports/open-by-zone', { token: tokens.director });
    expect(res.status).toBe(200);
    const total = res.body.zones.reduce((n: number, z: { open: number }) => n + z.open, 0);
    const open = await srv.request('/api/v1/tickets?pageSize=1&state=received,dispatched,accepted', {
      token: tokens.director,
    });
    expect(total).toBeGreaterThanOrEqual(open.body.total);
  });

  it('serves an OpenAPI document naming every route and its roles', async () => {
    const res = await srv.request('/api/v1/openapi.json', { token: null });
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const ops = Object.values(res.body.paths as Record<string, Record<string, unknown>>).flatMap((p) =>
      Object.keys(p),
    );
    expect(ops.length).toBe(ROUTES.length);
    const login = res.body.paths['/api/v1/auth/login'].post;
    expect(login.requestBody.content['application/json'].schema.properties).toHaveProperty('username');
    expect(res.body.paths['/api/v1/tickets'].get.parameters.map((p: { name: string }) => p.name)).toContain(
      'overdue',
    );
    expect(res.body.paths['/api/v1/settings'].get['x-roles']).toEqual(['admin']);
    expect(res.body.paths['/api/v1/knowledge'].post['x-roles']).toEqual([
      'admin',
      'cs_supervisor',
      'front_desk',
    ]);
  });

  it('serves the console page with a strict content security policy', async () => {
    const res = await fetch(`${srv.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    // the built console (dist/web): hashed module scripts, no inline script
    const html = await res.text();
    expect(html).toMatch(/<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js"><\/script>/);
    expect(html).not.toMatch(/<script>/);
  });
});
