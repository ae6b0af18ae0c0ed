/**
 * Character n-gram features for short Chinese text: robust to typos and homophones (楼水 still
 * shares 水 with 漏水), to Cantonese and, after normalising, to traditional script; plus the words
 * of a dictionary segmentation (Intl.Segmenter, ICU's Chinese dictionary: no extra library), which
 * tie a phrase to its meaning across the wrappers owners put around it. Digits are folded to 0 so a
 * unit or a phone number is one shape, not a word.
 */
export type Features = Record<string, number>;

export interface FeatureOptions {
  /** Longest character n-gram. */
  maxN: number;
  /** Add segmented words ("w:消防通道"). */
  words: boolean;
  /** Each feature weighs 1 / (number of features)^lengthPower: 0.5 gives unit length. */
  lengthPower: number;
}

/** Chosen on a dev split carved from the train split (flows/corpus/dev-split.ts), never on test. */
export const FEATURE_DEFAULTS: FeatureOptions = { maxN: 2, words: true, lengthPower: 0.5 };
let options: FeatureOptions = FEATURE_DEFAULTS;
/** For experiments on the dev split only; the shipped model uses FEATURE_DEFAULTS. */
export function setFeatureOptions(o: Partial<FeatureOptions>): void {
  options = { ...FEATURE_DEFAULTS, ...o };
}

/** Extra features from outside the text (the lexicon's topic words): name → present. */
let hints: ((text: string) => string[]) | undefined;
/** Adds named hint features (e.g. "#cat:elevator" when a lexicon word of that topic appears). */
export function setFeatureHints(fn: (text: string) => string[]): void {
  hints = fn;
}

const MAX_CHARS = 300;
const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

export function features(text: string): Features {
  const t = text
    .slice(0, MAX_CHARS)
    .toLowerCase()
    .replace(/\d+/g, '0')
    .replace(/[\s\p{P}\p{S}]+/gu, (m) => (/[!！?？]/.test(m) ? (/[?？]/.test(m) ? '?' : '!') : ' '))
    .trim();
  const out: Features = {};
  const chars = [...` ${t} `];
  for (let n = 1; n <= options.maxN; n++) {
    for (let i = 0; i + n <= chars.length; i++) {
      const gram = chars.slice(i, i + n).join('');
      if (gram.trim() === '') continue;
      out[gram] = 1;
    }
  }
  if (options.words)
    for (const s of segmenter.segment(t))
      if (s.isWordLike && [...s.segment].length > 1) out[`w:${s.segment}`] = 1;
  for (const h of hints?.(t) ?? []) out[h] = 1;
  if (!/[\p{L}\p{N}]/u.test(t)) out['<empty>'] = 1;
  if (!/\p{Script=Han}/u.test(t)) out['<nohan>'] = 1;
  const han = (t.match(/\p{Script=Han}/gu) ?? []).length;
  out[han <= 2 ? '<short>' : han <= 6 ? '<mid>' : '<long>'] = 1;
  // Unit length: long and short messages weigh the same, and training steps stay stable.
  const scale = 1 / Object.keys(out).length ** options.lengthPower;
  for (const k of Object.keys(out)) out[k] = scale;
  return out;
}
