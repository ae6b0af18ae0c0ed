import { namesTimeOfDay, parseAppointment, sameHoursOn } from '../../../src/chat/text/appointment.js';
import { hasContent, normalizeText } from '../../../src/chat/text/normalize.js';
import { splitQuote } from '../../../src/chat/text/quote.js';
import { findTicketNumber } from '../../../src/chat/text/ticket-ref.js';
import { findUnitAddress, maskForGroup } from '../../../src/chat/text/unit-address.js';
import { parseRating } from '../../../src/chat/commands/owner.js';
import { parseStaffCommand, writtenRest } from '../../../src/chat/commands/staff.js';

const TZ = 'Asia/Shanghai';
const NOW = new Date('2026-11-22T08:00:00+08:00'); // a Sunday morning
const local = (d: Date) => d.toLocaleString('sv-SE', { timeZone: TZ }).slice(0, 16);

describe('normalizeText', () => {
  it('turns traditional into simplified and full-width into half-width, and notices the script', () => {
    expect(normalizeText('  廚房水管漏水了！ＢＸ２０２６ ')).toEqual({
      text: '厨房水管漏水了!BX2026',
      traditional: true,
    });
    expect(normalizeText('厨房水管漏水了').traditional).toBe(false);
  });
  it('tells text with content from emoji and punctuation', () => {
    expect(hasContent('😀😀 。。')).toBe(false);
    expect(hasContent('灯坏了')).toBe(true);
  });
});

describe('parseAppointment', () => {
  it.each([
    ['明天下午3点', '2026-11-23 15:00', '2026-11-23 16:00'],
    ['今晚7点以后', '2026-11-22 19:00', undefined],
    ['周六上午', '2026-11-28 09:00', '2026-11-28 12:00'],
    ['11月25日9:30', '2026-11-25 09:30', '2026-11-25 10:30'],
    ['后天上午10点', '2026-11-24 10:00', '2026-11-24 11:00'],
    ['明早8点', '2026-11-23 08:00', '2026-11-23 09:00'],
  ])('reads %s', (text, from, to) => {
    const r = parseAppointment(text, NOW, TZ);
    expect(r.ok && !r.asap).toBe(true);
    if (!r.ok || r.asap) return;
    expect(local(r.from)).toBe(from);
    expect(r.to && local(r.to)).toBe(to);
  });
  it.each([
    ['昨天下午', 'past'],
    ['今天早上7点', 'past'],
    ['随便', 'unparseable'],
  ])('refuses %s (%s)', (text, reason) => {
    expect(parseAppointment(text, NOW, TZ)).toEqual({ ok: false, reason });
  });
});

describe('addresses, numbers, quotes', () => {
  it.each([
    ['3栋2单元1201', { building: '3', entrance: '2', room: '1201' }],
    ['3号楼2单元1201室', { building: '3', entrance: '2', room: '1201' }],
    ['3-2-1201', { building: '3', entrance: '2', room: '1201' }],
  ])('reads the unit %s', (text, address) => {
    expect(findUnitAddress(`绑定 ${text} 张伟`)?.address).toEqual(address);
  });
  it('masks phones and room numbers for groups', () => {
    expect(maskForGroup('3栋2单元1201 电话13812345678')).toBe('3栋2单元*** 电话138****5678');
  });
  it('finds ticket numbers in any case and spacing', () => {
    expect(findTicketNumber('进度 bx20261122-0001')).toBe('BX20261122-0001');
    expect(findTicketNumber('TS 202611220002')).toBe('TS20261122-0002');
    expect(findTicketNumber('no number')).toBeUndefined();
  });
  it('splits a quoted reply', () => {
    expect(splitQuote('「小助手：【新工单】BX20261122-0001」\n- - - - - - - - - - -\n接单')).toEqual({
      quote: '「小助手：【新工单】BX20261122-0001」',
      body: '接单',
    });
  });
});

describe('command parsers', () => {
  it.each([
    ['5', { score: 5 }],
    ['4分 师傅很好', { score: 4, comment: '师傅很好' }],
    ['满意', { score: 5 }],
    ['不满意 还是漏', { score: 1, comment: '还是漏' }],
    ['挺好的 谢谢师傅', { score: 5, comment: '谢谢师傅' }],
    ['一般般吧 来得有点慢', { score: 3, comment: '来得有点慢' }],
    ['👎', { score: 1 }],
    ['一般', { score: 3 }],
    ['very satisfied, quick and tidy', { score: 5, comment: 'quick and tidy' }],
    ['not satisfied still leaking', { score: 1, comment: 'still leaking' }],
    ['so-so', { score: 3 }],
    ['一般般吧 来得有点慢', { score: 3, comment: '来得有点慢' }],
    ['还行吧，就是有点贵', { score: 3, comment: '就是有点贵' }],
  ])('reads the rating %s', (text, expected) => {
    expect(parseRating(text)).toEqual(expected);
  });
  it('does not read a phone number or a sentence as a rating', () => {
    expect(parseRating('13800138000')).toBeUndefined();
    expect(parseRating('50元太贵')).toBeUndefined();
  });
  it.each([
    ['接单', { verb: 'accept', number: undefined, rest: '' }],
    ['抢单 BX20261122-0001', { verb: 'accept', number: 'BX20261122-0001', rest: '' }],
    [
      '完工 BX20261122-0001 更换龙头 费用 30',
      { verb: 'complete', number: 'BX20261122-0001', rest: '更换龙头 费用 30' },
    ],
    ['转单 @维修工小刘 不是水路问题', { verb: 'transfer', rest: '@维修工小刘 不是水路问题' }],
    ['回访 BX20261122-0001 满意 已电话确认', { verb: 'callback', rest: '满意 已电话确认' }],
  ])('reads the staff command %s', (text, expected) => {
    expect(parseStaffCommand(text)).toMatchObject(expected);
  });
  it('is not fooled by an owner sentence', () => {
    expect(parseStaffCommand('厨房水管漏水了')).toBeUndefined();
  });
});

describe('a staff member’s words as written', () => {
  it('keeps their Chinese punctuation in an answer or note', () => {
    const original = '答复 ZX20261203-0004 周一到周六8:30-17:30值班，周日休息。有事请打前台电话？';
    const c = parseStaffCommand(normalizeText(original).text)!;
    expect(c.rest).toContain(',');
    expect(writtenRest(original, c)).toBe('周一到周六8:30-17:30值班，周日休息。有事请打前台电话？');
  });
});

describe('another day for an agreed time', () => {
  it('tells a day alone from a time of day', () => {
    expect(namesTimeOfDay('改到大后天吧')).toBe(false);
    expect(namesTimeOfDay('改到大后天下午')).toBe(true);
    expect(namesTimeOfDay('大后天10点')).toBe(true);
  });

  it('moves the agreed hours to the new day, and not into the past', () => {
    const agreed = { from: new Date('2026-11-23T02:00:00Z'), to: new Date('2026-11-23T04:00:00Z') };
    const moved = sameHoursOn(new Date('2026-11-25T01:00:00Z'), agreed, NOW, TZ)!;
    expect(local(moved.from)).toBe('2026-11-25 10:00');
    expect(local(moved.to!)).toBe('2026-11-25 12:00');
    expect(
      sameHoursOn(new Date('2026-11-22T01:00:00Z'), { from: new Date('2026-11-21T23:00:00Z') }, NOW, TZ),
    ).toBeUndefined();
  });
});

describe('which script a message is written in', () => {
  it('is traditional when most script-specific characters are traditional', () => {
    expect(normalizeText('陽台的晾衣架斷了').traditional).toBe(true);
    expect(normalizeText('電梯壞了 快點來').traditional).toBe(true);
    expect(normalizeText('樓道燈不亮').traditional).toBe(true);
  });

  it('stays simplified with a character or two typed the other way, or none either way', () => {
    expect(normalizeText('还有客厅的灯也不亮了，換了燈泡也没用').traditional).toBe(false);
    expect(normalizeText('确认').traditional).toBe(false);
    expect(normalizeText('好的').traditional).toBe(false);
    expect(normalizeText('1').traditional).toBe(false);
  });
});
