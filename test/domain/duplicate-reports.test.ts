import { findDuplicate, placeKey, samePlace } from '../../src/domain/duplicate-reports.js';
import { placeNumeralsToDigits } from '../../src/domain/cn-numerals.js';

const PLACES = ['电梯', '楼道', '大门', '路灯', '车库', '单元门', '小区', '门口', '公共'];

describe('the same public place, however it is written', () => {
  it.each([
    ['3栋电梯', '三栋的电梯'],
    ['3栋电梯', '3号楼电梯'],
    ['3幢 电梯', '3栋电梯里面'],
    ['12栋2单元楼道', '十二栋二单元的楼道'],
    ['小区大门', '小区大门口'],
    ['5號樓電梯', '5栋电梯'],
    ['壹栋电梯', '1栋电梯'],
    ['拾贰栋贰单元楼道', '12栋2单元楼道'],
    ['小区门口路灯', '小区门口'],
  ])('%s is %s', (a, b) => expect(samePlace(a, b, PLACES)).toBe(true));

  it.each([
    ['3栋电梯', '5栋电梯'],
    ['3栋电梯', '电梯'],
    ['12栋1单元楼道', '12栋2单元楼道'],
    ['3栋电梯', '3栋楼道'],
    ['小区大门', '车库入口'],
    ['小区东门', '小区游乐场'],
    ['3栋门口', '3栋楼道'],
    ['车库入口', '小区入口'],
  ])('%s is not %s', (a, b) => expect(samePlace(a, b, PLACES)).toBe(false));

  it('reads building and entrance numbers in Chinese numerals', () => {
    expect(placeKey('二十一栋三单元门口')).toMatchObject({ building: '21', entrance: '3' });
  });
});

describe('finding the open report a new one duplicates', () => {
  const open = [
    { id: 1, kind: 'repair', scope: 'public', category: 'elevator', location: '3栋电梯', state: 'completed' },
    {
      id: 2,
      kind: 'repair',
      scope: 'public',
      category: 'elevator',
      location: '3栋电梯',
      state: 'dispatched',
    },
    { id: 3, kind: 'repair', scope: 'public', category: 'lighting', location: '3栋楼道', state: 'received' },
  ];
  it('joins an order still being worked on, of the same category and place', () => {
    expect(findDuplicate({ category: 'elevator', location: '三栋电梯' }, open, PLACES)?.id).toBe(2);
  });
  it('never joins another category, or when category or place is unknown', () => {
    expect(findDuplicate({ category: 'plumbing', location: '3栋电梯' }, open, PLACES)).toBeUndefined();
    expect(findDuplicate({ category: 'elevator' }, open, PLACES)).toBeUndefined();
  });
});

describe('buildings in Chinese numerals', () => {
  it.each([
    ['三号楼电梯坏了', '3号楼电梯坏了'],
    ['十二栋二单元楼道灯不亮', '12栋2单元楼道灯不亮'],
    ['两栋楼之间的路灯坏了', '两栋楼之间的路灯坏了'],
    ['三天了还没人来', '三天了还没人来'],
    ['壹栋电梯坏了', '1栋电梯坏了'],
    ['贰号楼叁单元门禁坏了', '2号楼3单元门禁坏了'],
    ['拾贰栋楼道', '12栋楼道'],
  ])('%s → %s', (a, b) => expect(placeNumeralsToDigits(a)).toBe(b));
});
