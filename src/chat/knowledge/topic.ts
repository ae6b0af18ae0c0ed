/**
 * Whether an answer of the knowledge base is about what a question asks: the understanding's
 * topics (categories) of the question against those of the answer's own example questions.
 * Shared words are not enough: "开个在职证明要什么材料" shares 材料 with "装修需要什么材料", but
 * one is a certificate (paperwork) and the other renovation. Judged only when both sides say
 * something: a question read with no topic, or an answer whose examples agree on none, passes.
 */
import { understand } from '../understand.js';

/** An answer's topics: those at least this many of its examples (and its title) are read as. */
const MIN_EXAMPLES = 2;

const cache = new Map<string, Set<string>>();

/** The topics an answer's examples are read as (two or more of them agreeing on each). */
export function answerTopics(a: { topic: string; questions: readonly string[] }): Set<string> {
  const key = [a.topic, ...a.questions].join('\n');
  let topics = cache.get(key);
  if (!topics) {
    const counts = new Map<string, number>();
    for (const q of [a.topic, ...a.questions]) {
      const c = understand(q).category;
      if (c) counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    topics = new Set([...counts].filter(([, n]) => n >= MIN_EXAMPLES).map(([c]) => c));
    if (cache.size > 500) cache.clear();
    cache.set(key, topics);
  }
  return topics;
}

/** The question (normalised text) may be about what the answer is about. */
export function topicsAgree(question: string, a: { topic: string; questions: readonly string[] }): boolean {
  const u = understand(question);
  const asked = new Set([u.category, ...u.alternatives.map((r) => r.category)].filter(Boolean));
  const about = answerTopics(a);
  if (!asked.size || !about.size) return true;
  return [...asked].some((c) => about.has(c!));
}
