import { expected, progress } from '../../../src/chat/commands/owner.js';
import type { ChatContext } from '../../../src/chat/context.js';
import { translator } from '../../../src/i18n.js';
import type { Ticket } from '../../../src/services/ticket-service.js';

const match = (text: string) => progress.match({ text, inGroup: false });

describe('asking after one’s own order', () => {
  it.each(['师傅什么时候来', '怎么还没来啊', '修树的师傅几点来', '我的报修到哪了', '师傅大概几点会到?'])(
    '“%s” asks after the order',
    (text) => {
      expect(match(text)).toBeTruthy();
    },
  );

  it.each(['今天为什么停水啊 什么时候来水', '停电了 啥时候来电', '怎么还没来水', '几点来电啊'])(
    '“%s” asks after the supply, not an order',
    (text) => {
      expect(match(text)).toBeUndefined();
    },
  );
});

describe('the expected time in a progress line', () => {
  const now = new Date('2026-12-03T05:20:00Z');
  const ctx = {
    t: translator('zh-CN'),
    msg: { at: now },
    services: { config: { timezone: 'Asia/Shanghai' } },
  } as unknown as ChatContext;
  const ticket = (arriveBy: Date) => ({ sla: { arriveBy } }) as unknown as Ticket;

  it('promises a time still ahead', () => {
    expect(expected(ctx, ticket(new Date('2026-12-03T06:00:00Z')))).toBe('，预计 12月3日 14:00 前');
  });

  it('gives an agreed visit as its window, not the arrive-by limit five minutes before it', () => {
    const t = {
      appointment: { from: new Date('2026-12-06T01:00:00Z'), to: new Date('2026-12-06T03:00:00Z') },
      sla: { arriveBy: new Date('2026-12-06T00:55:00Z') },
    } as unknown as Ticket;
    expect(expected(ctx, t)).toBe('，约定 12月6日 09:00-11:00 上门');
  });

  it('before the worker accepts, gives the accept deadline as that, and the arrival after it', () => {
    const withSla = {
      ...ctx,
      services: {
        config: { timezone: 'Asia/Shanghai', sla: { arriveInUnit: 15 * 60_000, arrivePublic: 10 * 60_000 } },
      },
    } as unknown as ChatContext;
    const t = { scope: 'in_unit', sla: { acceptBy: new Date('2026-12-03T05:25:00Z') } } as unknown as Ticket;
    const line = expected(withSla, t);
    expect(line).toContain('13:25');
    expect(line).toContain('接单');
    expect(line).toContain('15 分钟');
  });

  it('says a passed time is late and chased, instead of promising it', () => {
    const line = expected(ctx, ticket(new Date('2026-12-03T05:18:00Z')));
    expect(line).not.toContain('13:18');
    expect(line).toContain('催办');
  });
});

describe('naming one’s own reports asks for them, open or not', () => {
  it.each([
    '我的报修进度怎么样了',
    '我的报修怎么样了？',
    '我家的维修进度呢',
    '我的投诉有结果了吗',
    '我的工单到哪一步了',
    'my tickets',
    'my repairs?',
    "what's the status of my repair?",
    'any update on my complaint',
    'where is my order',
  ])('“%s” lists the reports, even with none open', (text) => {
    expect(match(text)).toEqual({});
  });

  it.each([
    '我家的维修基金怎么用',
    '我的报修电话是多少',
    '我的车被刮了',
    'my tap is leaking',
    'my order of service',
  ])('“%s” is something else', (text) => {
    expect(match(text)).toBeUndefined();
  });
});
