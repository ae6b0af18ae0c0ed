import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WecomWebhookNotifier } from '../../src/notify/wecom-webhook.js';
import { silentLog } from '../support/fixtures.js';

/** A local stand-in for the WeCom robot endpoint that records requests and answers as scripted. */
let server: Server;
let url: string;
let requests: Array<{ body: unknown; type?: string }> = [];
let script: number[] = [];

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => resolve(data));
  });

beforeAll(async () => {
  server = createServer(async (req, res) => {
    requests.push({ body: JSON.parse(await readBody(req)), type: req.headers['content-type'] });
    const status = script.shift() ?? 200;
    res.writeHead(status === 93000 ? 200 : status, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify(
        status === 93000 ? { errcode: 93000, errmsg: 'invalid webhook url' } : { errcode: 0, errmsg: 'ok' },
      ),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cgi-bin/webhook/send?key=test`;
});
afterAll(() => new Promise((r) => server.close(r)));
beforeEach(() => {
  requests = [];
  script = [];
});

const staffNote = {
  personId: 'p',
  audience: 'staff' as const,
  text: '**派工超时** BX20261123-0001',
  reason: 'dispatch_overdue',
  dedupeKey: 'd',
  ticketNumber: 'BX20261123-0001',
};

describe('WecomWebhookNotifier', () => {
  it('posts a markdown message to the webhook', async () => {
    await new WecomWebhookNotifier(url, silentLog, 2, 10).notify(staffNote);
    expect(requests).toEqual([
      { body: { msgtype: 'markdown', markdown: { content: staffNote.text } }, type: 'application/json' },
    ]);
  });

  it('retries after a server error or a WeCom error code, then succeeds', async () => {
    script = [500, 93000, 200];
    await new WecomWebhookNotifier(url, silentLog, 3, 10).notify(staffNote);
    expect(requests).toHaveLength(3);
  });

  it('fails loudly after the last retry instead of losing the message silently', async () => {
    script = [503, 503, 503];
    await expect(new WecomWebhookNotifier(url, silentLog, 2, 10).notify(staffNote)).rejects.toThrow(
      /failed after 3 attempts: HTTP 503/,
    );
    expect(requests).toHaveLength(3);
  });

  it('never posts an owner’s private message to a staff group', async () => {
    await new WecomWebhookNotifier(url, silentLog, 0, 10).notify({ ...staffNote, audience: 'owner' });
    expect(requests).toHaveLength(0);
  });
});
