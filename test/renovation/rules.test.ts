import { loadConfig } from '../../src/config/load.js';
import { periodEnd, readDate, readPeriod } from '../../src/renovation/dates.js';
import { renovationIntent } from '../../src/renovation/intent.js';
import {
  afterSpan,
  checkDates,
  earliestStart,
  extensionProblem,
  localDay,
  nextViolationLevel,
  periodLimitDays,
  withinWorkHours,
} from '../../src/renovation/rules.js';

const config = loadConfig({ API_TOKEN: 'test-token-0123456789', LOG_LEVEL: 'silent' }, {});
const cfg = config.renovation;
const tz = 'Asia/Shanghai';
// 2026-12-02 10:00 in Shanghai
const now = new Date('2026-12-02T02:00:00Z');

describe('renovation settings', () => {
  it('default to the manual: 7 days ahead, 8-12 and 14-18, 60/90/120 days, refund after one calendar month', () => {
    expect(cfg.applyAhead).toBe(7 * 86_400_000);
    expect(cfg.workHours.map((w) => w.text)).toEqual(['08:00-12:00', '14:00-18:00']);
    expect([periodLimitDays('small', cfg), periodLimitDays('large', cfg)]).toEqual([60, 90]);
    expect(cfg.periods.max).toBe(120 * 86_400_000);
    expect(cfg.refundAfter).toEqual({ months: 1 });
  });

  it('reject a bad work-hours window clearly', () => {
    expect(() =>
      loadConfig({ API_TOKEN: 'test-token-0123456789' }, { renovation: { workHours: ['18:00-08:00'] } }),
    ).toThrow(/invalid window/);
  });
});

describe('renovation dates', () => {
  it('puts the earliest start date applyAhead days after today', () => {
    expect(earliestStart(now, cfg, tz)).toBe('2026-12-09');
    const shrunk = { ...cfg, applyAhead: 86_400_000 };
    expect(earliestStart(now, shrunk, tz)).toBe('2026-12-03');
  });

  it('refuses a start too soon, an end before the start and a period over the limit', () => {
    expect(
      checkDates({ startDate: '2026-12-08', endDate: '2026-12-20', size: 'small' }, now, cfg, tz),
    ).toEqual({
      code: 'too_soon',
      earliest: '2026-12-09',
    });
    expect(
      checkDates({ startDate: '2026-12-10', endDate: '2026-12-09', size: 'small' }, now, cfg, tz)?.code,
    ).toBe('end_before_start');
    expect(
      checkDates({ startDate: '2026-12-10', endDate: '2027-02-07', size: 'small' }, now, cfg, tz),
    ).toBeUndefined();
    expect(
      checkDates({ startDate: '2026-12-10', endDate: '2027-02-08', size: 'small' }, now, cfg, tz),
    ).toEqual({
      code: 'too_long',
      max: 60,
    });
    expect(
      checkDates({ startDate: '2026-12-10', endDate: '2027-02-08', size: 'large' }, now, cfg, tz),
    ).toBeUndefined();
  });

  it('lets an extension reach 120 days in all, never more', () => {
    expect(extensionProblem('2026-12-10', '2027-02-07', '2027-04-08', cfg)).toBeUndefined();
    expect(extensionProblem('2026-12-10', '2027-02-07', '2027-04-09', cfg)).toEqual({
      code: 'too_long',
      max: 120,
    });
    expect(extensionProblem('2026-12-10', '2027-02-07', '2027-02-01', cfg)?.code).toBe('end_before_start');
  });

  it('reads the dates owners write', () => {
    expect(readDate('2026-12-20', now, tz)).toBe('2026-12-20');
    expect(readDate('2027年1月5日', now, tz)).toBe('2027-01-05');
    expect(readDate('12月20号', now, tz)).toBe('2026-12-20');
    expect(readDate('1月3日', now, tz)).toBe('2027-01-03');
    expect(readDate('下个月5号', now, tz)).toBe('2027-01-05');
    expect(readDate('下月十五号', now, tz)).toBe('2027-01-15');
    expect(readDate('12/28', now, tz)).toBe('2026-12-28');
    expect(readDate('2月30日', now, tz)).toBeUndefined();
    expect(readDate('过几天吧', now, tz)).toBeUndefined();
    expect(readPeriod('45天')).toEqual({ days: 45 });
    expect(readPeriod('两个月')).toEqual({ months: 2 });
    expect(readPeriod('工期3个月')).toEqual({ months: 3 });
    expect(readPeriod('很久')).toBeUndefined();
  });

  it('reads "两个月" as calendar months from the start day (the manual counts months, not 60 days)', () => {
    expect(periodEnd('2026-12-20', { months: 2 })).toBe('2027-02-19'); // 62 days, not 60
    expect(periodEnd('2027-01-31', { months: 1 })).toBe('2027-02-27'); // end of a short month
    expect(periodEnd('2027-02-01', { months: 2 })).toBe('2027-03-31'); // 59 days
    expect(periodEnd('2026-12-20', { days: 45 })).toBe('2027-02-02');
  });

  it('refunds the deposit one calendar month after acceptance, community time', () => {
    const at = (iso: string) => new Date(iso);
    // accepted 31 January 10:00 in Shanghai: due 28 February (no 31st), same clock time
    expect(afterSpan(at('2027-01-31T02:00:00Z'), { months: 1 }, tz).toISOString()).toBe(
      '2027-02-28T02:00:00.000Z',
    );
    expect(afterSpan(at('2026-12-15T02:00:00Z'), { months: 1 }, tz).toISOString()).toBe(
      '2027-01-15T02:00:00.000Z',
    );
    expect(afterSpan(at('2026-12-15T02:00:00Z'), { ms: 3_600_000 }, tz).toISOString()).toBe(
      '2026-12-15T03:00:00.000Z',
    );
    expect(localDay(at('2026-12-15T17:00:00Z'), tz)).toBe('2026-12-16'); // 01:00 next day in Shanghai
  });

  it('takes the refund span as months or a duration, and refuses nonsense', () => {
    const load = (refundAfter: unknown) =>
      loadConfig({ API_TOKEN: 'test-token-0123456789' }, { renovation: { refundAfter } }).renovation
        .refundAfter;
    expect(load('2 months')).toEqual({ months: 2 });
    expect(load('30 days')).toEqual({ ms: 30 * 86_400_000 });
    expect(() => load('soon')).toThrow(/refundAfter/);
  });
});

describe('renovation rules', () => {
  it('climbs the violation ladder one step per violation, the last step repeating', () => {
    expect([0, 1, 2, 3, 4].map(nextViolationLevel)).toEqual([
      'verbal_warning',
      'written_notice',
      'final_warning',
      'power_cut',
      'power_cut',
    ]);
  });

  it('allows works only inside the working windows (community time)', () => {
    const at = (hhmm: string) => new Date(`2026-12-02T${hhmm}:00+08:00`);
    expect(withinWorkHours(at('07:59'), cfg, tz)).toBe(false);
    expect(withinWorkHours(at('08:00'), cfg, tz)).toBe(true);
    expect(withinWorkHours(at('12:30'), cfg, tz)).toBe(false);
    expect(withinWorkHours(at('17:59'), cfg, tz)).toBe(true);
    expect(withinWorkHours(at('18:00'), cfg, tz)).toBe(false);
  });
});

describe('renovation intent', () => {
  it.each([
    ['我下个月要装修，怎么申请？', 'apply'],
    ['申请装修', 'apply'],
    ['装修要怎么办理', 'apply'],
    ['装修几点可以施工', 'hours'],
    ['我的装修审批到哪了', 'status'],
    ['装修完工了，申请验收', 'acceptance'],
    ['装修要延期到3月10日', 'extension'],
    ['装修押金多少', undefined],
    ['我想问下装修要提前多久申请 需要交押金吗', undefined],
    ['装修要提前几天申请', undefined],
    ['我要申请装修，押金交多少', 'apply'],
    ['楼上装修太吵了', undefined],
    ['厨房水管漏水', undefined],
  ])('reads %s as %s', (text, intent) => {
    expect(renovationIntent(text)).toBe(intent);
  });
});
