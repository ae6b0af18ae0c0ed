import { Types } from 'mongoose';
import { queueChatMessage } from '../../../src/notify/outbox.js';
import { OutboundSender } from '../../../src/chat/outbound/sender.js';
import type { ChatTarget, ChatTransport } from '../../../src/chat/transport.js';
import { OutboxQueue } from '../../../src/data/models/index.js';
import { Outbox } from '../../../src/notify/outbox.js';
import { useTestDatabase } from '../../support/db.js';
import { silentLog, testConfig } from '../../support/fixtures.js';

useTestDatabase();

/** Records what would go to WeChat, and can fail the first N sends. */
class RecordingTransport implements ChatTransport {
  readonly platform = 'mock';
  readonly sent: Array<{ target: ChatTarget; text: string; at: number }> = [];
  failures = 0;
  isReady() {
    return true;
  }
  async sendText(target: ChatTarget, text: string) {
    if (this.failures > 0) {
      this.failures--;
      throw new Error('puppet timeout');
    }
    this.sent.push({ target, text, at: Date.now() });
  }
}

const until = async (check: () => boolean | Promise<boolean>, ms = 5000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

function sender(transport: ChatTransport, outbound: Record<string, unknown>) {
  const config = testConfig({ outbound: { pollEvery: 10, switchJitter: 1, retryDelay: 20, ...outbound } });
  return new OutboundSender({ config, log: silentLog, transport });
}

afterEach(async () => {
  await Outbox.deleteMany({});
  await OutboxQueue.deleteMany({});
});

describe('the outbound queue', () => {
  it('keeps the minimum interval between two messages to the same chat, in queue order', async () => {
    const t = new RecordingTransport();
    const s = sender(t, { perChatInterval: 200 });
    for (const n of [1, 2, 3])
      await queueChatMessage({
        key: `k${n}`,
        contactId: 'c1',
        text: `m${n}`,
        audience: 'staff',
        reason: 'test',
      });
    await s.start();
    await until(() => t.sent.length === 3);
    await s.drain();
    expect(t.sent.map((x) => x.text)).toEqual(['m1', 'm2', 'm3']);
    expect(t.sent[1]!.at - t.sent[0]!.at).toBeGreaterThanOrEqual(190);
    expect(t.sent[2]!.at - t.sent[1]!.at).toBeGreaterThanOrEqual(190);
    // the outbox row is the record of what went out
    expect(await Outbox.countDocuments({ status: 'sent', sentAt: { $exists: true } })).toBeGreaterThanOrEqual(
      3,
    );
  });

  it('sends no more than the per-minute cap and keeps the rest pending', async () => {
    const t = new RecordingTransport();
    const s = sender(t, { perChatInterval: 1, perMinute: 3 });
    for (const n of [1, 2, 3, 4, 5])
      await queueChatMessage({
        key: `cap${n}`,
        contactId: `c${n}`,
        text: `m${n}`,
        ...(n <= 3 ? { audience: 'owner', reason: 'reply' } : { audience: 'staff', reason: 'test' }),
      });
    await s.start();
    await until(() => t.sent.length === 3);
    await new Promise((r) => setTimeout(r, 300));
    expect(t.sent).toHaveLength(3);
    expect(await Outbox.countDocuments({ status: 'pending' })).toBe(2);
    await s.drain().catch(() => undefined);
  });

  it("keeps a quarter of each minute's budget for owners' replies: notices never take it all", async () => {
    const t = new RecordingTransport();
    const s = sender(t, { perChatInterval: 1, perMinute: 4 });
    for (const n of [1, 2, 3, 4, 5])
      await queueChatMessage({
        key: `notice${n}`,
        contactId: `staff${n}`,
        text: `notice ${n}`,
        audience: 'staff',
        reason: 'dispatch',
      });
    await s.start();
    await until(() => t.sent.length === 3);
    await new Promise((r) => setTimeout(r, 200));
    expect(t.sent).toHaveLength(3); // the fourth of the minute is an owner's
    await queueChatMessage({
      key: 'reply1',
      contactId: 'owner1',
      text: '请问什么时候方便上门？',
      audience: 'owner',
      reason: 'reply',
    });
    await until(() => t.sent.length === 4);
    expect(t.sent.at(-1)).toMatchObject({ target: { contactId: 'owner1' } });
    expect(await Outbox.countDocuments({ status: 'pending' })).toBe(2);
    await s.drain().catch(() => undefined);
  });

  it('retries a failed send with backoff, then gives up and records the error', async () => {
    const t = new RecordingTransport();
    const s = sender(t, { perChatInterval: 1, retries: 2 });
    t.failures = 1;
    await queueChatMessage({
      key: 'retry-ok',
      contactId: 'c1',
      text: 'eventually',
      audience: 'staff',
      reason: 'test',
    });
    await s.start();
    await until(async () => (await Outbox.findById('retry-ok').lean())?.status === 'sent');
    expect((await Outbox.findById('retry-ok').lean())!.attempts).toBe(2);
    t.failures = 10;
    await queueChatMessage({
      key: 'retry-fail',
      contactId: 'c2',
      text: 'never',
      audience: 'staff',
      reason: 'test',
    });
    await until(async () => (await Outbox.findById('retry-fail').lean())?.status === 'failed');
    expect(await Outbox.findById('retry-fail').lean()).toMatchObject({
      attempts: 3,
      lastError: 'puppet timeout',
    });
    await s.drain();
  });

  it('never resends a message that was being sent when the process stopped', async () => {
    await queueChatMessage({
      key: 'in-flight',
      contactId: 'c1',
      text: 'maybe sent',
      audience: 'staff',
      reason: 'test',
    });
    await Outbox.updateOne({ _id: 'in-flight' }, { $set: { status: 'sending' } });
    await queueChatMessage({
      key: 'queued',
      contactId: 'c1',
      text: 'queued',
      audience: 'staff',
      reason: 'test',
    });
    const t = new RecordingTransport();
    const s = sender(t, { perChatInterval: 1 });
    await s.start();
    await until(() => t.sent.length === 1);
    await new Promise((r) => setTimeout(r, 100));
    await s.drain();
    expect(t.sent.map((x) => x.text)).toEqual(['queued']);
    expect((await Outbox.findById('in-flight').lean())!.status).toBe('unknown');
  });

  it('holds what is not yet due (quiet hours) and fails a person without a chat contact, logged', async () => {
    await queueChatMessage({
      key: 'morning',
      contactId: 'c1',
      text: 'good morning',
      audience: 'owner',
      reason: 'test',
      sendAfter: new Date(Date.now() + 3_600_000),
    });
    await queueChatMessage({
      key: 'nobody',
      personId: String(new Types.ObjectId()),
      text: 'hi',
      audience: 'staff',
      reason: 'test',
    });
    const t = new RecordingTransport();
    const s = sender(t, { perChatInterval: 1 });
    await s.start();
    await until(async () => (await Outbox.findById('nobody').lean())?.status === 'failed');
    await s.drain();
    expect(t.sent).toHaveLength(0);
    expect((await Outbox.findById('morning').lean())!.status).toBe('pending');
    expect((await Outbox.findById('nobody').lean())!.lastError).toBe('no_chat_identity');
  });

  it('queues a message once per key', async () => {
    const first = await queueChatMessage({
      key: 'once',
      contactId: 'c1',
      text: 'a',
      audience: 'staff',
      reason: 'test',
    });
    const second = await queueChatMessage({
      key: 'once',
      contactId: 'c1',
      text: 'a',
      audience: 'staff',
      reason: 'test',
    });
    expect([first, second]).toEqual([true, false]);
  });
});
