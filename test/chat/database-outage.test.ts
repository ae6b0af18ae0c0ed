import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFerretdb } from '../../src/data/embedded/ferretdb.js';
import { createHttpApp } from '../../src/http/server.js';
import type { ChatTarget } from '../../src/chat/transport.js';
import { startChat, type ChatHarness } from '../support/chat.js';

const waitUntil = async (cond: () => Promise<boolean> | boolean, ms: number, every = 100) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return true;
    await new Promise((r) => setTimeout(r, every));
  }
  return false;
};

// Kills the service's own embedded FerretDB: needs the binary (the jest global setup builds it).
(findFerretdb() ? describe : describe.skip)('the embedded database dies mid-conversation', () => {
  let dir: string;
  let chat: ChatHarness;
  let server: Server;
  let url: string;
  const sent: Array<{ to: ChatTarget; text: string; at: number }> = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wuye-outage-'));
    // its own FerretDB, restarted 3 s after it dies so the outage can be watched
    chat = await startChat({
      dataDir: dir,
      db: { embedded: 'ferretdb', restartMinDelay: '3 seconds' },
    });
    const transport = chat.desk.bot;
    const send = transport.sendText.bind(transport);
    transport.sendText = async (to, text, mentions) => {
      sent.push({ to, text, at: Date.now() });
      return send(to, text, mentions);
    };
    server = createHttpApp(chat.services).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 90_000);
  afterAll(async () => {
    await new Promise((r) => server?.close(r));
    await chat?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const health = async () => {
    const started = Date.now();
    const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5000) });
    return {
      status: res.status,
      body: (await res.json()) as { db: { status: string } },
      ms: Date.now() - started,
    };
  };

  it('answers 503 while it is down, keeps the message, answers it after, 200 again', async () => {
    expect((await health()).status).toBe(200);
    const db = chat.services.db.embedded!;
    const zhang = chat.desk.world!.contact('张伟').id;
    const killedAt = Date.now();
    process.kill(db.serverPid!, 'SIGKILL');

    // /healthz keeps answering, quickly, with 503
    expect(await waitUntil(async () => (await health()).status === 503, 5000)).toBe(true);
    const down = await health();
    expect(down).toMatchObject({ status: 503, body: { db: { status: 'down' } } });
    expect(down.ms).toBeLessThan(3000);

    // an owner writes meanwhile: told at once that the message is kept
    const before = sent.length;
    chat.desk.world!.say({ from: '张伟', text: '厨房水管漏水了' });
    expect(await waitUntil(() => sent.length > before, 5000)).toBe(true);
    expect(sent[before]).toMatchObject({
      to: { contactId: zhang },
      text: expect.stringContaining('稍后再试'),
    });
    expect(chat.desk.guard.heldCount).toBe(1);

    // the database comes back: healthz 200, the held message is handled and answered
    expect(await waitUntil(async () => (await health()).status === 200, 30_000, 200)).toBe(true);
    const recovered = (Date.now() - killedAt) / 1000;
    console.log(`database killed: /healthz 200 again after ${recovered.toFixed(1)} s (restart delay 3 s)`);
    expect(
      await waitUntil(
        () => sent.slice(before + 1).some((s) => s.to.contactId === zhang && !s.text.includes('稍后再试')),
        30_000,
        200,
      ),
    ).toBe(true);
    expect(chat.desk.guard.heldCount).toBe(0);
    expect(db.restarts).toBe(1);

    // and the conversation goes on as usual
    const replies = await chat.say('张伟', '明天下午3点');
    expect(replies.length).toBeGreaterThan(0);
  }, 90_000);
});
