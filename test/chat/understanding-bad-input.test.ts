import { normalizeText } from '../../src/chat/text/normalize.js';
import { isNonsense } from '../../src/chat/readings.js';
import { isGroupReport, readable, understand } from '../../src/chat/understand.js';
import { startChat, type ChatHarness } from '../support/chat.js';

const read = (text: string) => understand(normalizeText(text).text);

/** Input that is not a report, whatever words or signs it carries. */
const BAD_INPUT: Array<[string, string]> = [
  ['10,000 characters', '楼上漏水'.repeat(2500)],
  ['10,000 letters', 'a'.repeat(10_000)],
  ['emoji only', '😡😡😡🙏'],
  ['one emoji', '👍'],
  ['a sticker placeholder', '[表情]'],
  ['stickers', '[捂脸][捂脸][Sticker]'],
  ['a photo placeholder', '[图片]'],
  ['control characters', '\u0000\u0001\u0007\u001b'],
  ['zero-width characters', '\u200b\u200b\u200b'],
  ['a lone surrogate', '\ud800'],
  ['a phone number alone', '13812345678'],
  ['a phone number with a prefix', '+86 138-1234-5678'],
  ['a unit alone', '3栋2单元1201'],
  ['a URL', 'https://m.tb.cn/h.abc123'],
  ['a forwarded share link', '【淘宝】https://m.tb.cn/h.5abcd 复制打开手机淘宝，看看这个灯'],
  ['mixed scripts we do not read', '我家 лифт сломан 엘리베이터 고장'],
  ['Korean', '엘리베이터 고장났어요'],
  ['Japanese kana', 'エレベーターがこわれた'],
  ['a keyboard mash', 'asdf jkl qwer'],
  ['markup', '<script>alert(1)</script>'],
  ['an operator object', '{"$gt":""}'],
  ['one sign repeated', '？？？？'],
];

describe('understanding bad input', () => {
  it.each(BAD_INPUT)('never reads %s as a report, in a chat or an owners group', (_name, text) => {
    const norm = normalizeText(text).text;
    const u = understand(norm);
    expect(u).toMatchObject({ isReport: false, isChatter: true, ambiguous: false });
    expect(u.kind).toBeUndefined();
    expect(isNonsense(norm, u)).toBe(true);
    expect(isGroupReport(norm)).toBe(false);
  });

  it('still reads a report that carries a link, a control character or a direction mark', () => {
    expect(read('电梯坏了 https://m.tb.cn/h.abc')).toMatchObject({ kind: 'repair', category: 'elevator' });
    expect(read('厨房\u0000漏水了\u0007')).toMatchObject({ kind: 'repair', category: 'plumbing' });
    expect(read('\u202e楼道灯不亮')).toMatchObject({ kind: 'repair', category: 'lighting' });
    expect(read('The elevator in building 3 is broken')).toMatchObject({ isReport: true });
  });

  it('reads without links, zero-width and control characters', () => {
    expect(readable('看 https://a.cn/x?y=1 这个\u200b\u0007')).toBe('看 这个');
  });

  it('reads 10,000 characters quickly', () => {
    const started = performance.now();
    for (const [, text] of BAD_INPUT) read(text);
    // generous for a loaded machine: a few milliseconds each when idle
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe('an owner sending bad input', () => {
  let chat: ChatHarness;
  beforeAll(async () => {
    chat = await startChat();
  }, 60_000);
  afterAll(async () => chat?.close());

  it('gets a short clear answer to each, never a ticket or a numbered question', async () => {
    for (const [, text] of BAD_INPUT) {
      const r = await chat.say('冯磊', text);
      const answers = chat.textsTo(r, '冯磊');
      expect(answers).toHaveLength(1);
      expect(answers[0]!.length).toBeLessThan(120);
      expect(answers[0]).not.toMatch(/\n\s*2[.、]/);
    }
    expect(await chat.ticketsOf('冯磊')).toHaveLength(0);
  }, 120_000);
});
