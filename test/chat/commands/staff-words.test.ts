import { parseStaffCommand } from '../../../src/chat/commands/staff.js';
import { normalizeText } from '../../../src/chat/text/normalize.js';

const read = (text: string) => parseStaffCommand(normalizeText(text).text);

describe('workers’ everyday words', () => {
  it.each([
    '收到',
    '好的',
    '好的马上去',
    '收到 马上去',
    '收到收到 马上到',
    '收到了',
    '收到了哈',
    '马上就到',
    '好的 在路上了',
    'OK',
    '馬上過去',
    'got it',
    '好的 我过去看看',
    '收到，我過去看看',
    '收到 明天过去',
    '好的 下午两点到',
    '好的，明早9点半过去',
    '收到 晚点就去',
  ])('reads %s as a soft acceptance', (text) => {
    expect(read(text)).toMatchObject({ verb: 'accept', soft: true, loose: true });
  });

  it('keeps the number said with an acknowledgement', () => {
    expect(read('收到 BX20261203-0009')).toMatchObject({
      verb: 'accept',
      number: 'BX20261203-0009',
      soft: true,
    });
  });

  it.each([
    ['搞定了', { verb: 'complete', rest: '' }],
    ['搞定 BX20261203-0018 电梯重启了', { verb: 'complete', number: 'BX20261203-0018', rest: '电梯重启了' }],
    [
      'BX20261203-0009 修好了 换了阀门',
      { verb: 'complete', number: 'BX20261203-0009', rest: '换了阀门', loose: true },
    ],
    ['收到 搞定了', { verb: 'complete' }],
    [
      'BX20261203-0004 业主家热水器 报价120',
      { verb: 'quote', number: 'BX20261203-0004', rest: '业主家热水器 120' },
    ],
    [
      '0003这个我今天去不了 家里有事 退掉吧',
      { verb: 'send_back', shortRef: '0003', rest: '这个我今天去不了 家里有事' },
    ],
    ['BX20261203-0002 到了', { verb: 'arrive', number: 'BX20261203-0002' }],
    ['处理好了 人已经离开了，已提醒门岗留意', { verb: 'complete', rest: '人已经离开了,已提醒门岗留意' }],
    ['已解決', { verb: 'complete' }],
    ['回访 0003 不满意 灯还在闪', { verb: 'callback', shortRef: '0003', rest: '不满意 灯还在闪' }],
    ['回訪 0012 滿意', { verb: 'callback', shortRef: '0012', rest: '满意' }],
  ])('reads %s', (text, expected) => {
    expect(read(text)).toMatchObject(expected);
  });

  it('never reads an amount after the verb as a short reference', () => {
    expect(read('报价 120 换整段水管')).not.toHaveProperty('shortRef');
    expect(read('完工 0.5 小时')).not.toHaveProperty('shortRef');
  });

  it.each(['厨房水管漏水了', '好的谢谢 有个问题想问', '3栋电梯坏了', '1502 卫生间漏水', '好的 明天去不了'])(
    'leaves %s alone',
    (text) => {
      expect(read(text)).toBeUndefined();
    },
  );
});
