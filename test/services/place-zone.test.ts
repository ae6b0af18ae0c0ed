import { buildingIn } from '../../src/services/place-zone.js';

describe('the building a place names', () => {
  it.each([
    ['3栋电梯', '3'],
    ['5号楼楼下', '5'],
    ['12幢2单元楼道', '12'],
    ['2座大堂', '2'],
    ['小区门口', undefined],
  ])('%s → %s', (place, building) => expect(buildingIn(place)).toBe(building));
});
