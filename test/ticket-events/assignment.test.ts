import { noteBesideName } from '../../src/ticket-events/assignment.js';

describe('the note said with 派给 / 转给', () => {
  it.each([
    ['孫師傅 一起去', '孙师傅 一起去', '孙师傅', '一起去'],
    ['孙师傅吧', '孙师傅吧', '孙师傅', '吧'],
    ['老张', '老张', '老张', undefined],
    ['@维修工小刘 不是水路问题', '@维修工小刘 不是水路问题', '维修工小刘', '不是水路问题'],
    ['给老王，他熟悉这栋楼', '给老王,他熟悉这栋楼', '老王', '给，他熟悉这栋楼'],
    ['小刘 業主下午才在家', '小刘 业主下午才在家', '小刘', '業主下午才在家'],
  ])('%s → %s', (written, rest, said, note) => {
    expect(noteBesideName(written, rest, said)).toBe(note);
  });

  it('keeps the words as written when no name was found in them', () => {
    expect(noteBesideName('@某人 帮忙看下', '@某人 帮忙看下')).toBe('帮忙看下');
  });
});
