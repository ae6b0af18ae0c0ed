import { readSlots } from '../../../src/chat/text/slots.js';

const NOW = new Date('2026-12-02T02:00:00Z'); // Wednesday 10:00 in Shanghai
const read = (text: string) => readSlots(text, NOW, 'Asia/Shanghai', 30 * 86_400_000);

describe('the time in a first message', () => {
  it.each([
    ['水龙头一直滴水,明天下午在家', '2026-12-03T06:00:00.000Z'],
    ['还有阳台的灯也不亮了 明晚7点以后', '2026-12-03T11:00:00.000Z'],
    ['厨房下水道堵住了,明天下午两点到四点可以吗', '2026-12-03T06:00:00.000Z'],
    ['插座没电了 周六8点前', '2026-12-04T23:00:00.000Z'],
    ['厨房灯不亮了 明天下午3点', '2026-12-03T07:00:00.000Z'],
    ['卫生间的灯不亮了,明天下午三点', '2026-12-03T07:00:00.000Z'],
    ['厨房水龙头坏了一直滴水 后天上午可以吗', '2026-12-04T01:00:00.000Z'],
    // regional and English words (normalised text: 聽日下晝 arrives as 听日下昼)
    ['水喉漏水 听日下昼两点嚟得唔得', '2026-12-03T06:00:00.000Z'],
    ['冷气机滴水 后日朝早10点到12点', '2026-12-04T02:00:00.000Z'],
    ['my kitchen sink is leaking, room 3-2-1201, tomorrow 2pm ok?', '2026-12-03T06:00:00.000Z'],
  ])('is kept as the visit window: %s', (text, from) => {
    expect(read(text).appointment?.from).toBe(from);
  });

  it.each([
    '昨晚8点以后就没水了',
    '水管从昨天下午两点到现在一直漏',
    '今天早上开始漏水',
    '窗户关不上了风一吹就砰砰响晚上都睡不好你们什么时候能派人来看一下啊',
  ])('is the story, not a visit, and no problem is raised: %s', (text) => {
    expect(read(text)).toEqual({});
  });
});
