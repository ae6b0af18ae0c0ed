import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InboundSpool, revive } from '../../src/data/inbound-spool.js';
import type { InboundMessage } from '../../src/chat/types.js';

const message = (id: string, text = '厨房水管漏水了'): InboundMessage => ({
  id,
  platform: 'mock',
  talkerId: 'contact-1',
  talkerName: '张伟',
  type: 'text',
  text,
  mentionSelf: false,
  mentionIds: [],
  self: false,
  at: new Date('2026-12-02T08:00:00Z'),
  image: async () => Buffer.from('not kept'),
});

describe('the inbound spool', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'wuye-spool-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('hands back, in arrival order, the messages received and not marked done', () => {
    const { spool } = InboundSpool.openIn(dir);
    spool.add(message('m1'));
    spool.add(message('m2', '明天下午3点'));
    spool.add(message('m3', '1'));
    spool.done('m2');
    // the process dies here: no close
    const { spool: again, pending } = InboundSpool.openIn(dir);
    expect(pending.map((m) => m.id)).toEqual(['m1', 'm3']);
    expect(pending[0]).toMatchObject({
      talkerName: '张伟',
      text: '厨房水管漏水了',
      at: '2026-12-02T08:00:00.000Z',
    });
    expect(pending[0]).not.toHaveProperty('image');
    expect(revive(pending[1]!)).toMatchObject({
      id: 'm3',
      at: new Date('2026-12-02T08:00:00Z'),
      replayed: true,
    });
    spool.close();
    again.close();
  });

  it('skips a line torn by the crash and lines that are not its own', () => {
    const { spool } = InboundSpool.openIn(dir);
    spool.add(message('m1'));
    spool.close();
    appendFileSync(join(dir, 'inbound-spool.jsonl'), 'garbage\n{"in":{"id":"m2","platform":"mo');
    const { spool: again, pending } = InboundSpool.openIn(dir);
    expect(pending.map((m) => m.id)).toEqual(['m1']);
    again.close();
  });

  it('is emptied whenever nothing is open, and rewritten with only the open ones at start', () => {
    const file = join(dir, 'inbound-spool.jsonl');
    const { spool } = InboundSpool.openIn(dir);
    for (let i = 0; i < 50; i++) spool.add(message(`m${i}`));
    for (let i = 0; i < 49; i++) spool.done(`m${i}`);
    spool.close();
    const { spool: again, pending } = InboundSpool.openIn(dir);
    expect(pending.map((m) => m.id)).toEqual(['m49']);
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(1);
    again.done('m49');
    expect(statSync(file).size).toBe(0);
    expect(again.openCount).toBe(0);
    again.close();
  });

  it('ignores a message added twice (a redelivery) and calls after close', () => {
    const { spool } = InboundSpool.openIn(dir);
    spool.add(message('m1'));
    spool.add(message('m1'));
    expect(spool.openCount).toBe(1);
    spool.close();
    expect(() => spool.add(message('m2'))).not.toThrow();
    expect(() => spool.done('m1')).not.toThrow();
    const { spool: again, pending } = InboundSpool.openIn(dir);
    expect(pending.map((m) => m.id)).toEqual(['m1']);
    again.close();
  });
});
