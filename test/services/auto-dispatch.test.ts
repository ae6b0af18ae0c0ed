import { rankCandidates } from '../../src/services/auto-dispatch.js';

describe('choosing whom to dispatch to', () => {
  const c = (name: string, skillMatch: boolean, open: number) => ({ id: name, name, skillMatch, open });

  it('prefers the skill, then the fewest open orders, then the name, and skips anyone at the cap', () => {
    const ranked = rankCandidates(
      [c('小刘', false, 0), c('老张', true, 3), c('孙师傅', true, 1), c('老王', true, 8)],
      8,
    );
    expect(ranked.map((x) => x.name)).toEqual(['孙师傅', '老张', '小刘']);
  });

  it('among those with the skill, prefers one already going to the same home, even with more orders', () => {
    const ranked = rankCandidates(
      [
        c('孙师傅', true, 0),
        { ...c('老张', true, 3), sameUnit: true },
        { ...c('小刘', false, 0), sameUnit: true },
      ],
      8,
    );
    expect(ranked.map((x) => x.name)).toEqual(['老张', '孙师傅', '小刘']);
  });

  it('leaves nobody when everyone is at the cap (the order goes to the department pool)', () => {
    expect(rankCandidates([c('老张', true, 2)], 2)).toEqual([]);
  });
});
