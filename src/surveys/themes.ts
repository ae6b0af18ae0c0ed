import { normalizeText } from '../chat/text/normalize.js';

/** Words that say nothing about what is wrong. */
const STOP = new Set(
  (
    '物业 小区 我们 你们 他们 我 你 希望 建议 意见 没有 一下 非常 可以 还是 就是 这个 那个 有些 有点 比较 ' +
    '感觉 觉得 问题 经常 总是 一些 什么 时候 现在 以后 能够 能 会 要 不 很 太 都 也 还 了 的 是 在 和 有 就 ' +
    '谢谢 满意 挺好 不错 好 无 希望能 继续 加强 提高 注意 及时 ' +
    '不够 太少 太多 晚上 白天 有时 每次 一直 还有 特别 严重'
  ).split(' '),
);

/**
 * Pure: the most frequent words of owners' comments (simplified, each counted once per comment),
 * word-segmented with the runtime's ICU dictionary (Intl.Segmenter), stop words left out.
 */
export function commonWords(
  comments: readonly string[],
  top: number,
): Array<{ word: string; count: number }> {
  const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
  const counts = new Map<string, number>();
  for (const c of comments) {
    const words = new Set<string>();
    for (const s of segmenter.segment(normalizeText(c).text.toLowerCase())) {
      if (!s.isWordLike || STOP.has(s.segment)) continue;
      if (s.segment.length < 2 || /^\d+$/.test(s.segment)) continue;
      words.add(s.segment);
    }
    for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  return [...counts]
    .map(([word, count]) => ({ word, count }))
    .sort((a, b) => b.count - a.count || a.word.localeCompare(b.word))
    .slice(0, top);
}
