import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageLog } from '../../src/data/models/index.js';
import { Outbox } from '../../src/notify/outbox.js';
import { startChat, type ChatHarness } from '../support/chat.js';

const waitUntil = async (cond: () => Promise<boolean> | boolean, ms: number) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
};

/**
 * A process that dies (kill -9) after the bot received a message and before it answered: the
 * message is in the inbound spool of the data folder, and the next start handles it. Crashes are
 * played by writing the spool (and the database) as the dying process left them, then restarting.
 */
describe('messages received before a crash', () => {
  let dir: string;
  let chat: ChatHarness;
  let n = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wuye-spool-chat-'));
    chat = await startChat({ dataDir: dir }, { spoolDir: dir });
  }, 60_000);
  afterAll(async () => {
    await chat?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const spoolFile = () => join(dir, 'inbound-spool.jsonl');
  /** What the dying process wrote to the spool for a message from `from`. */
  const leftInSpool = (from: string, text: string, id = `crash-${++n}`) => {
    const talkerId = chat.desk.world!.contact(from).id;
    const msg = {
      id,
      platform: 'mock',
      talkerId,
      talkerName: from,
      type: 'text',
      text,
      mentionSelf: false,
      mentionIds: [],
      self: false,
      at: new Date().toISOString(),
    };
    appendFileSync(spoolFile(), `${JSON.stringify({ in: msg })}\n`);
    return msg;
  };
  const answersTo = (id: string) => Outbox.find({ causeId: id }).lean();

  it('answers after the restart a message the process received and never handled', async () => {
    const msg = leftInSpool('张伟', '厨房水管漏水了');
    await chat.restart();
    expect(await waitUntil(async () => (await answersTo(msg.id)).length > 0, 20_000)).toBe(true);
    const [answer] = await answersTo(msg.id);
    expect(answer).toMatchObject({ contactId: msg.talkerId, audience: 'owner' });
    expect(answer!.text).not.toContain('稍后再试');
    expect(await waitUntil(() => chat.desk.spooled === 0, 5000)).toBe(true);
    expect(readFileSync(spoolFile(), 'utf8')).toBe('');
    await chat.say('张伟', '取消');
  }, 60_000);

  it('answers one it had claimed (logged) but not answered when it died', async () => {
    const msg = leftInSpool('李娜', '客厅灯不亮了');
    await MessageLog.create({
      _id: `mock:${msg.id}`,
      platformMessageId: `mock:${msg.id}`,
      direction: 'in',
      chatId: msg.talkerId,
      contactId: msg.talkerId,
      text: msg.text,
      at: new Date(),
    });
    await chat.restart();
    expect(await waitUntil(async () => (await answersTo(msg.id)).length > 0, 20_000)).toBe(true);
    await chat.say('李娜', '取消');
  }, 60_000);

  it('does not answer twice one it had answered before its done mark was lost', async () => {
    const sent = await chat.say('王芳', '帮助');
    expect(sent.length).toBeGreaterThan(0);
    const [row] = await Outbox.find({ text: sent[0]!.text }).sort({ order: -1 }).limit(1).lean();
    const before = (await answersTo(row!.causeId!)).length;
    leftInSpool('王芳', '帮助', row!.causeId!);
    await chat.restart();
    expect(await waitUntil(() => chat.desk.spooled === 0, 20_000)).toBe(true);
    await chat.desk.pipeline.idle();
    expect((await answersTo(row!.causeId!)).length).toBe(before);
  }, 60_000);
});
