import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Outbox } from '../../src/notify/outbox.js';
import { startChat, type ChatHarness } from '../support/chat.js';

/**
 * The WeCom robot answering 500 to every call must neither lose a chat notice nor slow the
 * owner's answer: measured against the same conversations without WeCom, in one run.
 */
let server: Server;
let url: string;
let posts = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    posts++;
    req.resume();
    res.writeHead(500, { 'content-type': 'application/json' }).end('{"errcode":-1}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cgi-bin/webhook/send?key=down`;
});
afterAll(() => new Promise((r) => server.close(r)));

const OWNERS = ['张伟', '孙艳', '徐勇'];
const TURNS = ['厨房水管漏水了', '明天下午3点', '1'];

/** Handling time of each owner message (in → replies queued), ms, and the tickets made. */
async function conversations(chat: ChatHarness): Promise<{ times: number[]; numbers: string[] }> {
  const times: number[] = [];
  const world = chat.desk.world!;
  for (const owner of OWNERS) {
    for (const text of TURNS) {
      let id = '';
      const started = performance.now();
      const handled = new Promise<void>((resolve) => {
        const listener = (mid: string) => {
          if (mid !== id) return;
          chat.desk.pipeline.off('handled', listener);
          resolve();
        };
        chat.desk.pipeline.on('handled', listener);
      });
      id = world.say({ from: owner, text });
      await handled;
      times.push(performance.now() - started);
      await chat.services.tickets.idle();
      await chat.desk.sender.settled(id, 10_000);
    }
  }
  const numbers = [];
  for (const owner of OWNERS) numbers.push(...(await chat.ticketsOf(owner)).map((t) => t.number));
  return { times, numbers };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

it('keeps every chat notice and the owner’s reply time when the WeCom webhook fails', async () => {
  const plain = await startChat({ dispatch: { mode: 'auto' } });
  let base: number[];
  try {
    base = (await conversations(plain)).times;
  } finally {
    await plain.close();
  }
  const chat = await startChat({
    dispatch: { mode: 'auto' },
    notify: { wecomWebhookUrl: url, wecomRetries: 3, wecomRetryDelay: '1s' },
  });
  try {
    const { times, numbers } = await conversations(chat);
    expect(numbers).toHaveLength(OWNERS.length);
    for (const number of numbers) {
      // the worker and the department group heard of the dispatch through chat
      expect(await Outbox.countDocuments({ ticketNumber: number, reason: 'notice.dispatched' })).toBe(1);
      expect(await Outbox.countDocuments({ ticketNumber: number, reason: 'notice.dispatched_group' })).toBe(
        1,
      );
    }
    expect(posts).toBeGreaterThan(0); // WeCom was tried (and failed) meanwhile
    const [a, b] = [median(base), median(times)];
    console.info(
      `owner handling p50 without WeCom ${a.toFixed(0)} ms, with WeCom answering 500 ${b.toFixed(0)} ms (×${(b / a).toFixed(2)})`,
    );
    // waiting on WeCom would add its 1 s retry delay; anything well under that is load noise
    expect(b).toBeLessThan(a * 1.5 + 500);
  } finally {
    await chat.close();
  }
}, 120_000);
