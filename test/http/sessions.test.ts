import { ConsoleUser } from '../../src/data/models/index.js';
import { loadDemoData } from '../../src/demo/seed.js';
import { seedDemoConsoleUsers } from '../../src/demo/console-users.js';
import { startTestServer, type TestServer } from '../support/http.js';

const PASSWORD = 'console-test-pass';
let srv: TestServer;

beforeAll(async () => {
  srv = await startTestServer({
    console: { demoPassword: PASSWORD, passwordRounds: 4, loginAttempts: 3, loginAttemptsPerAddress: 5 },
  });
  const { communityId } = await loadDemoData(srv.services);
  await seedDemoConsoleUsers(srv.services.auth, communityId, PASSWORD);
}, 60_000);
afterAll(() => srv.close());

const signIn = (username: string, password = PASSWORD) =>
  srv.request('/api/v1/auth/login', { method: 'POST', token: null, json: { username, password } });

describe('sessions and the live-update stream', () => {
  it('ends the event stream of a user who is deactivated', async () => {
    const user = await ConsoleUser.findOne({ username: 'zhuren' }).lean();
    const token = await srv.request('/api/v1/auth/tokens', {
      method: 'POST',
      json: { name: 'stream', userId: String(user!._id) },
    });
    const res = await fetch(`${srv.url}/api/v1/events`, {
      headers: { authorization: `Bearer ${token.body.token}` },
    });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toContain('retry:');
    const off = await srv.request(`/api/v1/users/${user!._id}`, { method: 'PATCH', json: { active: false } });
    expect(off.status).toBe(200);
    // the stream must end within 5 s; the bound is cleared so it never outlives the test
    let bound: NodeJS.Timeout | undefined;
    const ended = await Promise.race([
      (async () => {
        for (;;) if ((await reader.read()).done) return true;
      })(),
      new Promise<false>((r) => (bound = setTimeout(() => r(false), 5000))),
    ]).finally(() => clearTimeout(bound));
    expect(ended).toBe(true);
    const again = await fetch(`${srv.url}/api/v1/events`, {
      headers: { authorization: `Bearer ${token.body.token}` },
    });
    expect(again.status).toBe(401);
    await again.body?.cancel();
  });

  it('never locks a whole office out for colleagues failing their own passwords', async () => {
    // 9 failures of known users from one address (the per-address limit is 5): each user is
    // blocked on their own, the others still sign in
    for (const u of ['kefu', 'qiantai', 'admin'])
      for (let i = 0; i < 3; i++) expect((await signIn(u, 'wrong-password')).status).toBe(401);
    expect((await signIn('kefu')).status).toBe(429);
    expect((await signIn('pianqu-a')).status).toBe(200);
    // guessing unknown user names from that address is what the per-address limit counts
    for (let i = 0; i < 5; i++) expect((await signIn(`nobody-${i}`, 'whatever-pass')).status).toBe(401);
    const blocked = await signIn('pianqu-a');
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('too_many_attempts');
  });
});
