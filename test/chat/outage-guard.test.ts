import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutageGuard, type OutageGuardDeps } from '../../src/chat/outage-guard.js';
import type { InboundMessage } from '../../src/chat/types.js';
import { InboundSpool } from '../../src/data/inbound-spool.js';
import { silentLog } from '../support/fixtures.js';

const message = (id: string, text: string): InboundMessage => ({
  id,
  platform: 'mock',
  talkerId: 'contact-zhang',
  talkerName: '张伟',
  type: 'text',
  text,
  mentionSelf: false,
  mentionIds: [],
  self: false,
  at: new Date(),
});

describe('the outage guard with a spool', () => {
  let dir: string;
  let up: boolean;
  const handled: string[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wuye-guard-'));
    up = true;
    handled.length = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const guard = (spool: InboundSpool) =>
    new OutageGuard({
      services: {
        db: { isUp: () => up, ping: async () => up },
        log: silentLog,
        metrics: { chatInbound: { inc: () => undefined } },
        config: { defaultLanguage: 'zh-CN' },
      } as unknown as OutageGuardDeps['services'],
      transport: { isReady: () => false } as unknown as OutageGuardDeps['transport'],
      handle: async (m) => {
        handled.push(`${m.text}${m.replayed ? ' (replayed)' : ''}`);
        return 'handled';
      },
      spool,
      probeEvery: 10,
    });

  it('keeps a message held while the database is down for the next start if the process dies', async () => {
    const { spool } = InboundSpool.openIn(dir);
    const g = guard(spool);
    await g.handle(message('m1', '我家水管漏了')); // handled: done
    up = false;
    expect(await g.handle(message('m2', '明天下午3点'))).toBe('held');
    expect(await g.handle(message('m3', '1'))).toBe('held');
    g.stop(); // the process dies holding them
    spool.close();

    const { spool: again, pending } = InboundSpool.openIn(dir);
    expect(pending.map((m) => m.id)).toEqual(['m2', 'm3']);
    up = true;
    const next = guard(again);
    expect(await next.replay(pending)).toBe(2);
    expect(handled).toEqual(['我家水管漏了', '明天下午3点 (replayed)', '1 (replayed)']);
    expect(again.openCount).toBe(0);
    again.close();
  });

  it('marks held messages done once handled after the outage', async () => {
    const { spool } = InboundSpool.openIn(dir);
    const g = guard(spool);
    up = false;
    await g.handle(message('m1', '电梯坏了'));
    expect(spool.openCount).toBe(1);
    up = true;
    const end = Date.now() + 5000;
    while (g.heldCount && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
    expect(g.heldCount).toBe(0);
    expect(spool.openCount).toBe(0);
    expect(handled).toEqual(['电梯坏了 (replayed)']);
    g.stop();
    spool.close();
  });
});
