import { readQuoteAnswer } from '../../../src/chat/commands/owner.js';
import { parseStaffCommand } from '../../../src/chat/commands/staff.js';
import { maskForGroup } from '../../../src/chat/text/unit-address.js';
import { readRatingWords } from '../../../src/chat/text/rating-words.js';
import { chineseAmount } from '../../../src/domain/cn-numerals.js';
import { feeIn } from '../../../src/ticket-events/money-text.js';

describe('a rating said in words', () => {
  it.each([
    ['挺满意的，给五星', 5],
    ['还可以吧，就是等了好久', 3],
    ['修好了 谢谢物业 5分', 5],
    ['说得好听 晚上去看又满了 不满意', 1],
    ['师傅挺好的 很快就弄好了 就是来之前没打电话', 4],
    ['给个三星吧', 3],
    ['还是漏，没修好', 1],
    ['骗人 我刚下楼看 车还停在那里', 1],
    ['根本没人来处理', 1],
    ['还是老样子', 1],
    ['这两天晚上安静多了 谢谢你们', 5],
    ['车已经挪走了', 5],
    ['谢谢 没问题了', 5],
    ['晚上还在吵 敷衍', 1],
    ['the technician was great, 5 stars', 5],
    ['4/5, a bit late', 4],
    ['very satisfied, thank you', 5],
    ['good job but he was late', 4],
    ['not satisfied, it is still leaking', 1],
    ['it is still broken', 1],
    ['so-so', 3],
    ['3 out of 5', 3],
  ])('%s → %i', (text, score) => expect(readRatingWords(text)?.score).toBe(score));
  it.each([
    '厨房水龙头坏了',
    '13800138000',
    '什么时候来',
    '你们处理了吗',
    '厨房修好了 但是卫生间又堵了',
    'my bathroom tap is leaking',
    'when will the technician come?',
    'the hallway light in building 5 is broken',
  ])('%s is no rating', (text) => expect(readRatingWords(text)).toBeUndefined());
});

describe("the owner's answer to a repair fee", () => {
  it.each([
    ['同意', { agree: true }],
    ['算了，同意吧', { agree: true }],
    ['行吧 修吧', { agree: true }],
    ['不同意', { agree: false }],
    ['太贵了，算了不修了', { agree: false }],
    ['算了', { agree: false }],
    ['这么贵？能不能便宜点', { unsure: true }],
  ])('%s', (text, expected) => expect(readQuoteAnswer(text)).toMatchObject(expected));
  it('reads no answer in an unrelated sentence', () => expect(readQuoteAnswer('师傅几点到')).toBeUndefined());
});

describe('money in Chinese numerals', () => {
  it.each([
    ['一百二十', 120],
    ['一百二', 120],
    ['三百五', 350],
    ['一千零五', 1005],
    ['两千五', 2500],
    ['八十', 80],
  ])('%s = %i', (s, n) => expect(chineseAmount(s)).toBe(n));
  it('takes a fee said in words', () => {
    expect(feeIn('地漏渗水已处理 费用 一百二十元').amount).toBe(120);
    expect(feeIn('重新做了防水，材料费一百二').amount).toBe(120);
    expect(feeIn('三栋电梯 修好了').amount).toBeUndefined();
  });
});

describe('a staff verb after a courtesy', () => {
  it.each([
    ['收到 我接了', 'accept'],
    ['马上到 接单', 'accept'],
    ['好的，完工 换了龙头 费用30', 'complete'],
  ])('%s → %s', (text, verb) => expect(parseStaffCommand(text)?.verb).toBe(verb));
  it('reads a bare acknowledgement as a soft acceptance only (taken when an order waits)', () =>
    expect(parseStaffCommand('好的收到')).toMatchObject({ verb: 'accept', soft: true, loose: true }));
});

describe('masking for a group', () => {
  it.each([
    ['3棟1單元501漏水', '3棟1單元***漏水'],
    ['住3-2-1201', '住3-2-***'],
    ['3号楼2单元1802室', '3号楼2单元***室'],
    ['电话 138 0013 8013', '电话 138****8013'],
    ['3栋1201', '3栋***'],
    ['3幢2-1201', '3幢2-***'],
  ])('%s → %s', (text, masked) => expect(maskForGroup(text)).toBe(masked));
  it.each(['工单 BX20261203-0001', '12月3日 06:36 前', '4栋电梯', '2026-12-03'])('leaves %s', (text) =>
    expect(maskForGroup(text)).toBe(text),
  );
});

describe('a room number masked for a group', () => {
  it('has one width whatever the room, so the mask does not give the room away', () => {
    expect(maskForGroup('3栋2单元501漏水')).toBe('3栋2单元***漏水');
    expect(maskForGroup('3栋2单元1201漏水')).toBe('3栋2单元***漏水');
  });
});
