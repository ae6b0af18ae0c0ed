import type { Department, TicketKind } from '../domain/roles.js';
import { lexicon, type Lexicon, type Understanding } from './understand.js';

/** One likely reading of a message, offered in the numbered question when the reading is unsure. */
export interface Reading {
  kind: TicketKind;
  category?: string;
  department?: Department;
}

/** What a trained understanding adds (confidence, alternatives); absent from the lexicon's. */
type Graded = Understanding & {
  alternatives?: Reading[];
  ambiguous?: boolean;
  isChatter?: boolean;
};

/** Readings offered when nothing points anywhere: the commonest reports. */
const DEFAULTS: Reading[] = [{ kind: 'repair' }, { kind: 'complaint' }, { kind: 'inquiry' }];

/**
 * Nothing to read: no Chinese and fewer than two Latin words, a number alone (a phone number),
 * or one or two signs repeated ("啊啊啊", "hhhh"). Answered briefly, never a ticket.
 */
export function isNonsense(text: string, u?: Understanding): boolean {
  if ((u as Graded | undefined)?.isChatter) return true;
  const compact = text.replace(/\s/g, '');
  if (new Set(compact).size <= 2) return true;
  if (/\p{Script=Han}/u.test(text)) return false;
  return (text.match(/[A-Za-z]{2,}/g) ?? []).length < 2;
}

/** The reading is a guess: the owner picks instead (one numbered question). */
export function isUnsure(u: Understanding): boolean {
  const g = u as Graded;
  if (typeof g.ambiguous === 'boolean') return g.ambiguous || !u.kind;
  return !u.kind;
}

const weight = (text: string, words: readonly string[]) =>
  words.reduce((sum, w) => (text.includes(w) ? sum + w.length * w.length : sum), 0);

/** Readings from the lexicon's word scores: the best categories, then the best kinds. */
function lexiconReadings(text: string, lex: Lexicon): Reading[] {
  const cats = lex.categories
    .map((c) => ({ c, s: weight(text, c.words) }))
    .filter((x) => x.s > 0)
    .sort((a, b) => b.s - a.s)
    .map(({ c }) => ({ kind: c.kind, category: c.id, department: c.department }) as Reading);
  const kinds = (Object.keys(lex.kinds) as TicketKind[])
    .map((k) => ({ k, s: weight(text, lex.kinds[k] ?? []) }))
    .filter((x) => x.s > 0)
    .sort((a, b) => b.s - a.s)
    .map(({ k }) => ({ kind: k }) as Reading);
  return [...cats.slice(0, 2), ...kinds];
}

/**
 * The two or three likeliest readings of an unsure message, best first: the understanding's own
 * alternatives when it grades itself, else the lexicon's scores, padded with the commonest kinds.
 * None when nothing in the message points anywhere ("今天天气不错"): that is not asked about.
 */
export function likelyReadings(text: string, u: Understanding, lex: Lexicon = lexicon()): Reading[] {
  const given = (u as Graded).alternatives ?? [];
  const from = given.length ? given : lexiconReadings(text, lex);
  if (!from.length) return [];
  const out: Reading[] = [];
  for (const r of [...from, ...DEFAULTS]) {
    if (out.length >= 3) break;
    const same = out.some((o) => o.kind === r.kind && (o.category === r.category || !r.category));
    if (!same) out.push({ kind: r.kind, category: r.category, department: r.department });
  }
  return out;
}
