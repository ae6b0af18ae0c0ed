import { normalizeText } from '../../src/chat/text/normalize.js';
import { NO_COMMENT, readAnswer } from '../../src/surveys/answers.js';
import { commonWords } from '../../src/surveys/themes.js';

/** As the pipeline hands text to commands: half-width, simplified. */
const read = (raw: string) => readAnswer(normalizeText(raw).text);

describe('reading a survey answer', () => {
  it.each([
    ['1', 'satisfied'],
    ['１', 'satisfied'],
    ['2 ', 'basic'],
    [' 3', 'unsatisfied'],
    ['滿意', 'satisfied'],
    ['很满意！', 'satisfied'],
    ['基本满意吧', 'basic'],
    ['基本滿意', 'basic'],
    ['还行吧', 'basic'],
    ['不满意', 'unsatisfied'],
    ['不太滿意', 'unsatisfied'],
    ['很差', 'unsatisfied'],
    ['选2', 'basic'],
    ['3 绿化太少', 'unsatisfied'],
    ['2.', 'basic'],
  ])('%j → %s', (text, choice) => {
    expect(read(text)).toEqual({ choice });
  });

  it.each(['4', '0', '12'])('%j is a number out of range', (text) => {
    expect(read(text)).toEqual({ outOfRange: true });
  });

  it.each(['厨房水管漏水了', '我的报修', '3栋电梯坏了', '', '   ', '物业费多少钱', 'BX20261202-0001'])(
    '%j is not an answer (handled as usual)',
    (text) => {
      expect(read(text)).toBeUndefined();
    },
  );

  it('knows "no comment"', () => {
    for (const s of ['无', '没有', '沒有', '暂无', 'none'])
      expect(NO_COMMENT.test(normalizeText(s).text)).toBe(true);
    expect(NO_COMMENT.test('没有路灯')).toBe(false);
  });
});

describe('common complaint words', () => {
  it('counts each word once per comment, traditional and simplified together, without filler', () => {
    const words = commonWords(
      ['晚上停车位太少，停车位乱停', '停車位不夠，保安不管', '保安态度不好', '希望物业加强管理'],
      3,
    );
    expect(words.slice(0, 2)).toContainEqual({ word: '停车位', count: 2 });
    expect(words.slice(0, 2)).toContainEqual({ word: '保安', count: 2 });
    expect(words.map((w) => w.word)).not.toContain('物业');
  });
});
