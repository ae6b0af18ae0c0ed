/**
 * Character n-gram features for short Chinese text: no word segmentation needed, robust to typos
 * and homophones (楼水 still shares 水 with 漏水), to Cantonese and, after normalising, to
 * traditional script. Digits are folded to 0 so a unit or a phone number is one shape, not a word.
 */
export type Features = Record<string, number>;

/** Extra features from outside the text (the lexicon's topic words): name → present. */
let hints: ((text: string) => string[]) | undefined;
/** Adds named hint features (e.g. "#cat:elevator" when a lexicon word of that topic appears). */
export function setFeatureHints(fn: (text: string) => string[]): void {
  hints = fn;
}

const MAX_CHARS = 300;
/** Longest n-gram: unigrams and bigrams generalised better than up to trigrams on a dev split carved from train. */
const MAX_N = 2;

export function features(text: string): Features {
  const t = text
    .slice(0, MAX_CHARS)
    .toLowerCase()
    .replace(/\d+/g, '0')
    .replace(/[\s\p{P}\p{S}]+/gu, (m) => (/[!！?？]/.test(m) ? (/[?？]/.test(m) ? '?' : '!') : ' '))
    .trim();
  const out: Features = {};
  const chars = [...` ${t} `];
  for (let n = 1; n <= MAX_N; n++) {
    for (let i = 0; i + n <= chars.length; i++) {
      const gram = chars.slice(i, i + n).join('');
      if (gram.trim() === '') continue;
      out[gram] = 1;
    }
  }
  for (const h of hints?.(t) ?? []) out[h] = 1;
  if (!/[\p{L}\p{N}]/u.test(t)) out['<empty>'] = 1;
  if (!/\p{Script=Han}/u.test(t)) out['<nohan>'] = 1;
  const han = (t.match(/\p{Script=Han}/gu) ?? []).length;
  out[han <= 2 ? '<short>' : han <= 6 ? '<mid>' : '<long>'] = 1;
  // Unit length: long and short messages weigh the same, and training steps stay stable.
  const scale = 1 / Math.sqrt(Object.keys(out).length);
  for (const k of Object.keys(out)) out[k] = scale;
  return out;
}
