import { feeLinesIn } from '../../src/ticket-events/money-text.js';

describe('a completion fee said in parts', () => {
  it.each([
    [
      '疏通下水道 人工50 材料30',
      [
        { label: '人工费', amount: 50 },
        { label: '材料费', amount: 30 },
      ],
      '疏通下水道',
    ],
    [
      '换阀门 上门费20元 配件费45.5',
      [
        { label: '上门费', amount: 20 },
        { label: '配件费', amount: 45.5 },
      ],
      '换阀门',
    ],
    [
      '共计80 人工50 材料30',
      [
        { label: '人工费', amount: 50 },
        { label: '材料费', amount: 30 },
      ],
      '',
    ],
    ['更换水龙头 费用 三十五元', [{ amount: 35 }], '更换水龙头'],
    ['三栋电梯 修好了', [], '三栋电梯 修好了'],
  ])('%s', (text, lines, rest) => {
    const r = feeLinesIn(text);
    expect(r.lines).toEqual(lines);
    expect(r.rest).toBe(rest);
  });

  it('refuses the whole fee when one part is not an amount', () => {
    expect(feeLinesIn('人工50 材料-30').invalid).toBe('-30');
  });
});
