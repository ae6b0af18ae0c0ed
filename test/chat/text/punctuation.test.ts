import { tidyPunctuation } from '../../../src/chat/text/punctuation.js';

describe('punctuation where a quoted text meets a template', () => {
  it.each([
    ['内容：师傅大概几点会到？。请尽快答复', '内容：师傅大概几点会到？请尽快答复'],
    ['内容：快来人啊！！。', '内容：快来人啊！！'],
    ['原因：不是我负责的片区。。已重新派单', '原因：不是我负责的片区。已重新派单'],
    ['What time?. Please answer', 'What time? Please answer'],
  ])('keeps the writer’s mark in “%s”', (text, tidy) => {
    expect(tidyPunctuation(text)).toBe(tidy);
  });

  it('leaves single marks, commas in lists and decimals alone', () => {
    const text = '工单 BX20261203-0001 已完工，费用 12.5 元。请评分：1-5 分';
    expect(tidyPunctuation(text)).toBe(text);
  });
});
