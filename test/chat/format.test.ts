import { formatWindow } from '../../src/chat/format.js';
import { translator } from '../../src/i18n.js';

const tz = 'Asia/Shanghai';
const at = (hhmm: string, day = '2026-12-04') => new Date(`${day}T${hhmm}:00+08:00`);

describe('formatWindow: one wording of an appointment for every reader', () => {
  it.each([
    ['zh-CN', '12月4日 14:00以后'],
    ['zh-TW', '12月4日 14:00以後'],
    ['en', 'after'],
  ])('keeps an open-ended window open-ended in %s ("两点以后在家")', (lng, expected) => {
    expect(formatWindow(translator(lng), at('14:00'), undefined, tz)).toContain(expected);
    expect(formatWindow(translator(lng), at('14:00'), null, tz)).toContain(expected);
  });

  it('gives a window with its end, and a moment (end = start) as the moment alone', () => {
    const t = translator('zh-CN');
    expect(formatWindow(t, at('14:00'), at('16:00'), tz)).toBe('12月4日 14:00-16:00');
    expect(formatWindow(t, at('14:00'), at('14:00'), tz)).toBe('12月4日 14:00');
    expect(formatWindow(t, at('09:00'), at('18:00', '2026-12-05'), tz)).toBe(
      '12月4日 09:00 至 12月5日 18:00',
    );
  });
});
