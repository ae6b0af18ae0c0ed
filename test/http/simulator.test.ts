import { registerTicketReactions } from '../../src/app.js';
import { loadDemoData } from '../../src/demo/seed.js';
import { DeskBot } from '../../bots/desk-bot.js';
import { FAST_CHAT } from '../support/chat.js';
import { startTestServer, type TestServer } from '../support/http.js';

let server: TestServer;
let desk: DeskBot;
beforeAll(async () => {
  server = await startTestServer(FAST_CHAT);
  await loadDemoData(server.services);
  registerTicketReactions(server.services);
  desk = new DeskBot(server.services);
  await desk.start();
  server.services.chat = desk;
}, 60_000);
afterAll(async () => {
  await desk?.stop();
  await server?.close();
});

const send = (json: unknown, token?: string | null) =>
  server.request('/api/v1/simulator/messages', {
    method: 'POST',
    json,
    ...(token !== undefined ? { token } : {}),
  });

describe('POST /api/v1/simulator/messages', () => {
  it('delivers a group message through the real pipeline and returns every message it caused', async () => {
    const res = await send({
      from: '郭明',
      room: '阳光花园B区业主群',
      text: '4栋电梯坏了',
      mentionBot: true,
    });
    expect(res.status).toBe(200);
    const replies = res.body.replies as Array<{
      to: string;
      room: string | null;
      text: string;
      mentions: string[];
    }>;
    const ack = replies.find((r) => r.room === '阳光花园B区业主群');
    expect(ack).toMatchObject({ to: '郭明', mentions: ['郭明'] });
    expect(ack!.text).toMatch(/工单号 BX\d{8}-\d{4}/);
    expect(replies.some((r) => r.room === null && r.to === '维修工孙师傅' && r.text.includes('新工单'))).toBe(
      true,
    );
    expect(replies.some((r) => r.room === '阳光花园工程部' && r.mentions.includes('维修工孙师傅'))).toBe(
      true,
    );
  });

  it('treats an unknown name as a new, unbound contact', async () => {
    const res = await send({ from: '从没见过的人', text: '你好' });
    expect(res.status).toBe(200);
    expect(res.body.replies[0].text).toContain('请先绑定');
  });

  it('accepts an image as base64', async () => {
    await send({ from: '何超', text: '厨房水龙头漏水' });
    const png =
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
    const res = await send({ from: '何超', image: png });
    expect(res.status).toBe(200);
    expect(res.body.replies[0].text).toContain('收到照片');
  });

  it.each([
    ['no sender', { text: 'hi' }],
    ['an operator object as the sender', { from: { $gt: '' }, text: 'hi' }],
    ['an unknown field', { from: '张伟', text: 'hi', admin: true }],
    ['neither text nor image', { from: '张伟' }],
    ['an image that is not base64', { from: '张伟', image: '<script>' }],
  ])('refuses %s with a validation error', async (_name, body) => {
    const res = await send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
  });

  it('refuses an unknown room and a missing token', async () => {
    const unknown = await send({ from: '张伟', room: '不存在的群', text: 'hi' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('room_not_found');
    expect((await send({ from: '张伟', text: 'hi' }, null)).status).toBe(401);
  });
});

describe('GET /api/v1/simulator/outbox', () => {
  it('lists everything the bot sent, after a cursor', async () => {
    const all = await server.request('/api/v1/simulator/outbox?limit=500');
    expect(all.status).toBe(200);
    expect(all.body.items.length).toBeGreaterThan(3);
    const lastId = all.body.items.at(-1).id;
    const after = await server.request(`/api/v1/simulator/outbox?after=${lastId}`);
    expect(after.body.items).toEqual([]);
    expect((await server.request('/api/v1/simulator/outbox?after=abc')).status).toBe(400);
  });
});

describe('GET /healthz with the bot', () => {
  it('reports the bot logged in and the outbound queue', async () => {
    const res = await server.request('/healthz', { token: null });
    expect(res.body.bot).toMatchObject({ status: 'up', state: 'logged_in', puppet: 'mock' });
    expect(res.body.bot.outbound.sentToday).toBeGreaterThan(0);
  });
});
