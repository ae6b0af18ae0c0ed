/**
 * Time words the appointment parser does not read itself, rewritten into the Mandarin it reads:
 * Cantonese and other regional words (聽日 → 明天, 下晝 → 下午, 拜六 → 礼拜六, 3點鐘 → 3点) and
 * plain English ("tomorrow 2pm" → 明天下午2点). Input is normalised (simplified, half-width)
 * text, so traditional forms arrive already simplified (聽日 as 听日, 晏晝 as 晏昼).
 */
const REGIONAL: ReadonlyArray<[RegExp, string]> = [
  // days
  [/(听|聽)日/g, '明天'],
  [/(听|聽)朝(?:早|头早)?/g, '明早'],
  [/(听|聽)晚/g, '明晚'],
  [/大后日/g, '大后天'],
  [/(?<!大|前|今|明|以|之|日)后日/g, '后天'],
  [/琴日|寻日|尋日/g, '昨天'],
  [/今朝(?:早)?/g, '今早'],
  [/(?<![礼禮])拜([一二三四五六日天1-7])/g, '礼拜$1'],
  // parts of the day
  [/朝(?:头|頭)?早/g, '早上'],
  [/(?:晏昼|晏晝|下昼|下晝|下晏)/g, '下午'],
  [/(?<=[今明])晚黑/g, '晚'],
  [/夜晚黑|夜晚|晚黑/g, '晚上'],
  // clock: "3点钟" / "3點鐘" is "3点"
  [/(点|點)(?:钟|鐘)/g, '点'],
];

const EN_WEEKDAY: Record<string, string> = {
  mon: '一',
  tue: '二',
  wed: '三',
  thu: '四',
  fri: '五',
  sat: '六',
  sun: '日',
};

/** "2pm" → "下午2点", "10:30am" → "上午10点30分", "14:00" stays as it is. */
function englishClock(_m: string, h: string, min: string | undefined, half: string): string {
  const part = half.toLowerCase() === 'pm' ? '下午' : '上午';
  return `${part}${h}点${min ? `${min}分` : ''}`;
}

const ENGLISH: ReadonlyArray<[RegExp, string | ((...a: string[]) => string)]> = [
  [/\b(?:the\s+)?day\s+after\s+tomorrow\b/gi, '后天'],
  [/\btomorrow\s+morning\b/gi, '明早'],
  [/\btomorrow\s+(?:night|evening)\b/gi, '明晚'],
  [/\b(?:tomorrow|tmr|tmrw|tomorow|tommorow)\b/gi, '明天'],
  [/\btonight\b/gi, '今晚'],
  [/\btoday\b/gi, '今天'],
  [/\bthis\s+weekend\b|\bweekend\b/gi, '周末'],
  [/\bnext\s+week\b/gi, '下周'],
  [
    /\b(next\s+)?(mon|tue|wed|thu|fri|sat|sun)[a-z]*\b/gi,
    (_m: string, next: string | undefined, d: string) =>
      `${next ? '下' : ''}周${EN_WEEKDAY[d.toLowerCase()]}`,
  ],
  // "between 2 and 4pm", "2-4 pm": the half of the day said at the end is for both
  [
    /\b(?:between\s+|from\s+)?(\d{1,2})(?::(\d{2}))?\s*(?:and|to|-|~)\s*(\d{1,2})(?::(\d{2}))?\s*([ap])\.?m\.?\b/gi,
    (_m, h1, m1, h2, m2, ap) => `${englishClock('', h1, m1, `${ap}m`)}到${h2}点${m2 ? `${m2}分` : ''}`,
  ],
  [/\b(?:between\s+|from\s+)(\d{1,2})\s*(?:and|to)\s*(\d{1,2})\b(?!\s*[:点])/gi, '$1点到$2点'],
  [/\b(\d{1,2})(?::(\d{2}))?\s*([ap])\.?m\.?\b/gi, (m, h, min, ap) => englishClock(m, h, min, `${ap}m`)],
  [/\b(?:in\s+the\s+)?morning\b/gi, '上午'],
  [/\b(?:in\s+the\s+)?afternoon\b/gi, '下午'],
  [/\b(?:in\s+the\s+)?evening\b|\bat\s+night\b/gi, '晚上'],
  [/\bnoon\b/gi, '中午'],
  [/\b(?:after|from)\s+(\d{1,2})\s*(?:o'?clock)?\b(?!\s*[:点])/gi, '$1点以后'],
  [/\bbefore\s+(\d{1,2})\s*(?:o'?clock)?\b(?!\s*[:点])/gi, '$1点前'],
  [/\b(\d{1,2})\s*o'?clock\b/gi, '$1点'],
  [/\bas\s+soon\s+as\s+possible\b|\basap\b|\bright\s+away\b|\burgent(?:ly)?\b/gi, '尽快'],
];

/** The text with regional and English time words in the Mandarin the parser reads. */
export function standardTimeWords(text: string): string {
  let out = text;
  for (const [re, to] of REGIONAL) out = out.replace(re, to);
  if (/[a-z]/i.test(out))
    for (const [re, to] of ENGLISH)
      out = out.replace(re, to as (substring: string, ...args: string[]) => string);
  return out;
}
