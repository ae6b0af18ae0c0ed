/**
 * Character n-gram TF-IDF with cosine similarity: short Chinese questions share characters and
 * character pairs ("物业费", "装修押金") far more reliably than words, and need no segmenter.
 * Pure and small: the knowledge base has tens of entries.
 */

/** Words that only make a question polite or a question: they say nothing about its topic. */
const FILLER =
  /(请问|什么时候|有没有|是不是|问一下|问下|想问|咨询一下|咨询|你好|您好|麻烦|一下|怎么|怎样|如何|什么|哪里|哪儿|多少|几点|是否|可以|能不能|能否|需要|要|吗|呢|吧|啊|呀|的|了|我|我们|我家|你们|物业)/g;

/** How much a query's unseen gram weighs against the rarest known one. */
export const UNSEEN_WEIGHT = 0.3;

export type Vector = Map<string, number>;

/** Unigrams and bigrams of the Han, letter and digit runs of a text, without filler words. */
export function grams(text: string): string[] {
  const runs =
    text
      .toLowerCase()
      .replace(FILLER, ' ')
      .match(/[\p{Script=Han}a-z0-9]+/gu) ?? [];
  const out: string[] = [];
  for (const run of runs) {
    const chars = [...run];
    for (let i = 0; i < chars.length; i++) {
      out.push(chars[i]!);
      if (i + 1 < chars.length) out.push(chars[i]! + chars[i + 1]!);
    }
  }
  return out;
}

export interface Document<K> {
  key: K;
  text: string;
}

/** An index of documents (each an example question of an answer) searched by cosine similarity. */
export class SimilarityIndex<K> {
  private readonly idf = new Map<string, number>();
  /** The weight of a gram no example has: rarer than any, so a query's unseen words count. */
  private readonly unseenIdf: number;
  private readonly docs: Array<{ key: K; vector: Vector; norm: number }>;

  constructor(documents: ReadonlyArray<Document<K>>) {
    const df = new Map<string, number>();
    const grammed = documents.map((d) => ({ key: d.key, grams: grams(d.text) }));
    for (const d of grammed) for (const g of new Set(d.grams)) df.set(g, (df.get(g) ?? 0) + 1);
    const n = documents.length;
    for (const [g, f] of df) this.idf.set(g, Math.log((1 + n) / (1 + f)) + 1);
    this.unseenIdf = Math.log(1 + n) + 1;
    this.docs = grammed.map((d) => {
      const vector = this.vector(d.grams, 0);
      return { key: d.key, vector, norm: norm(vector) };
    });
  }

  /**
   * A text's weighted grams. A query's grams that no example has weigh `unseen`: they match
   * nothing, so they lower the similarity ("开居住证明要带什么材料" is not the renovation
   * paperwork question just because both ask about 材料).
   */
  private vector(gs: string[], unseen: number): Vector {
    const v: Vector = new Map();
    for (const g of gs) {
      // Bigrams carry more of the topic than single characters.
      const w = (this.idf.get(g) ?? unseen) * (g.length > 1 ? 1.5 : 1);
      if (w > 0) v.set(g, (v.get(g) ?? 0) + w);
    }
    return v;
  }

  /** The best key for a query and its similarity (0..1), best document per key. */
  best(query: string): { key: K; score: number } | undefined {
    const q = this.vector(grams(query), this.unseenIdf * UNSEEN_WEIGHT);
    const qn = norm(q);
    if (!qn) return undefined;
    let best: { key: K; score: number } | undefined;
    for (const d of this.docs) {
      if (!d.norm) continue;
      let dot = 0;
      for (const [g, w] of q) dot += w * (d.vector.get(g) ?? 0);
      const score = dot / (qn * d.norm);
      if (!best || score > best.score) best = { key: d.key, score };
    }
    return best;
  }
}

function norm(v: Vector): number {
  let s = 0;
  for (const w of v.values()) s += w * w;
  return Math.sqrt(s);
}
