import { ConsoleUser, KnowledgeAnswer } from '../../src/data/models/index.js';
import { seedDemoConsoleUsers } from '../../src/demo/console-users.js';
import { DEMO_ANSWERS } from '../../src/demo/knowledge-data.js';
import { loadDemoData } from '../../src/demo/seed.js';
import { startTestServer, TOKEN, type TestServer } from '../support/http.js';

const PASSWORD = 'knowledge-test-pass';
let srv: TestServer;
const tokens: Record<string, string> = { admin: TOKEN };

beforeAll(async () => {
  srv = await startTestServer({ console: { demoPassword: PASSWORD, passwordRounds: 4 } });
  const { communityId } = await loadDemoData(srv.services);
  await seedDemoConsoleUsers(srv.services.auth, communityId, PASSWORD);
  for (const [role, username] of [
    ['front_desk', 'qiantai'],
    ['zone_manager', 'pianqu-a'],
  ] as const) {
    const user = await ConsoleUser.findOne({ username }).lean();
    const res = await srv.request('/api/v1/auth/tokens', {
      method: 'POST',
      json: { name: `kb ${role}`, userId: String(user!._id) },
    });
    tokens[role] = res.body.token;
  }
}, 60_000);
afterAll(() => srv.close());

describe('knowledge base API', () => {
  it('lists the demo answers, seeded once', async () => {
    const res = await srv.request('/api/v1/knowledge', { token: tokens.front_desk });
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(DEMO_ANSWERS.length);
    expect(res.body.items.map((a: { topic: string }) => a.topic)).toContain('装修保证金');
  });

  it('finds the answer a question would get', async () => {
    const res = await srv.request(`/api/v1/knowledge?q=${encodeURIComponent('装修押金多少钱')}`, {
      token: tokens.front_desk,
    });
    expect(res.body.items[0].topic).toBe('装修保证金');
  });

  it('creates, edits and deletes an answer; refuses bad input and a duplicate topic', async () => {
    const body = { topic: '快递', questions: ['快递放哪里', '快递柜在哪'], answer: '快递柜在东门岗亭旁。' };
    const created = await srv.request('/api/v1/knowledge', {
      method: 'POST',
      token: tokens.front_desk,
      json: body,
    });
    expect(created.status).toBe(201);
    const again = await srv.request('/api/v1/knowledge', {
      method: 'POST',
      token: tokens.front_desk,
      json: body,
    });
    expect(again.status).toBe(409);
    const bad = await srv.request('/api/v1/knowledge', {
      method: 'POST',
      token: tokens.front_desk,
      json: { topic: '', questions: [], answer: { $gt: '' } },
    });
    expect(bad.status).toBe(400);
    const id = created.body.id;
    const edited = await srv.request(`/api/v1/knowledge/${id}`, {
      method: 'PATCH',
      token: tokens.front_desk,
      json: { answer: '快递柜在东门和北门。' },
    });
    expect(edited.body.answer).toBe('快递柜在东门和北门。');
    const removed = await srv.request(`/api/v1/knowledge/${id}`, {
      method: 'DELETE',
      token: tokens.front_desk,
    });
    expect(removed.status).toBe(200);
    expect(await KnowledgeAnswer.exists({ topic: '快递' })).toBeNull();
    const gone = await srv.request(`/api/v1/knowledge/${id}`, { token: tokens.front_desk });
    expect(gone.status).toBe(404);
  });

  it('is not open to a zone manager', async () => {
    const res = await srv.request('/api/v1/knowledge', { token: tokens.zone_manager });
    expect(res.status).toBe(403);
  });
});
