import { saysYes } from '../../../src/chat/text/agreement.js';
import { normalizeText } from '../../../src/chat/text/normalize.js';

const yes = (text: string) => saysYes(normalizeText(text).text);

describe('agreement to a summary', () => {
  it.each([
    '1',
    '确认',
    'OK',
    '好的 确认',
    '好 確認',
    '嗯提交吧',
    '冇問題',
    '係 確認',
    '对 没错',
    '可以 提交',
    'yes confirm',
    'OK的',
    '没错就这样提交吧',
    '好的谢谢',
  ])('reads %s as yes', (text) => expect(yes(text)).toBe(true));

  it.each([
    '确认 不过电话换成13912345678',
    '不对',
    '不确认',
    '嗯',
    '改成明天上午',
    '好的 但是时间要改',
    '对 还有厨房也漏',
  ])('does not read %s as a bare yes', (text) => expect(yes(text)).toBe(false));
});
