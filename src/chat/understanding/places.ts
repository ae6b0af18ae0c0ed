/**
 * A place as the owner said it: adjacent place words read together ("小区" + "门口" is
 * "小区门口", "地下" + "车库" is "地下车库"), so a report keeps the place that tells it apart
 * from others of the estate rather than its broadest word ("小区").
 */

/**
 * Outdoor places beside a building, said as the place of a bin, a tree, a car ("楼下垃圾桶满了",
 * "3栋楼前"): read as places of a public report, but not in the lexicon's public places, which
 * decide the scope ("水漏到楼下了" is still the owner's home).
 */
export const BESIDE_A_BUILDING: readonly string[] = ['楼下', '楼前', '楼后'];

/** A place's own last character after a place word: "游乐" + "场", "儿童乐园" + "区". */
const PLACE_END = /[场园区室馆库]/;

/** Every run of adjacent (or overlapping) place words in the text, in order. */
export function placeRuns(text: string, words: readonly string[]): string[] {
  const hits = words
    .flatMap((w) => {
      const out: Array<{ at: number; end: number }> = [];
      for (let at = text.indexOf(w); at >= 0; at = text.indexOf(w, at + 1))
        out.push({ at, end: at + w.length });
      return out;
    })
    .sort((a, b) => a.at - b.at || b.end - a.end);
  const runs: string[] = [];
  let i = 0;
  while (i < hits.length) {
    const start = hits[i]!.at;
    let end = hits[i]!.end;
    for (i++; i < hits.length && hits[i]!.at <= end; i++) end = Math.max(end, hits[i]!.end);
    if (PLACE_END.test(text[end] ?? '')) end += 1;
    runs.push(text.slice(start, end));
  }
  return runs;
}

/** The first place said: "小区门口有人被车撞倒了" → "小区门口". */
export const firstPlace = (text: string, words: readonly string[]): string | undefined =>
  placeRuns(text, words)[0];

/** The fullest place said (the longest run, the first of equals): "路灯不亮 就在小区门口" → "小区门口". */
export function fullestPlace(text: string, words: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const run of placeRuns(text, words)) if (!best || run.length > best.length) best = run;
  return best;
}
