import { z } from 'zod';
import type { TicketKind } from '../../domain/roles.js';
import { CATEGORIES, CATEGORY_DEPARTMENT, departmentFor, type Category } from './labels.js';

/** flows/lexicon.json `english`: the words an English-writing owner's report is read by. */
export const englishLexiconSchema = z.object({
  categories: z.record(z.enum(CATEGORIES as [Category, ...Category[]]), z.array(z.string().min(1))),
  kinds: z.record(z.enum(['complaint', 'praise', 'suggestion', 'help']), z.array(z.string().min(1))),
  questionWords: z.array(z.string().min(1)),
  faultWords: z.array(z.string().min(1)),
  urgentWords: z.array(z.string().min(1)),
  /** English place → the Chinese place name tickets and duplicate detection use. */
  publicPlaces: z.record(z.string().min(1), z.string().min(1)),
  privatePlaces: z.array(z.string().min(1)),
});
export type EnglishLexicon = z.infer<typeof englishLexiconSchema>;

/** What an English message says, read by words (no trained model reads English). */
export interface EnglishReading {
  kind?: TicketKind;
  category?: Category;
  scope?: 'in_unit' | 'public';
  location?: string;
  urgent: boolean;
}

const escape = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A word at a word start, with the usual endings: "leak" matches "leaks", "leaking", "leaky". */
const wordRe = (w: string) => new RegExp(`(?<![a-z])${escape(w)}(?:s|es|ed|ing|ion|ions|y)?(?![a-z])`, 'i');
const cache = new Map<string, RegExp>();
const has = (text: string, w: string) => {
  let re = cache.get(w);
  if (!re) cache.set(w, (re = wordRe(w)));
  return re.test(text);
};
/** The longest of `words` in the text (its length: the strength of the match), or 0. */
const strength = (text: string, words: readonly string[]) =>
  words.reduce((best, w) => (w.length > best && has(text, w) ? w.length : best), 0);

/** Where the report belongs: the kind's own words, a question, else what the topic's job is. */
function kindOf(text: string, lex: EnglishLexicon, category: Category | undefined, fault: boolean) {
  const said = (k: keyof EnglishLexicon['kinds']) => strength(text, lex.kinds[k] ?? []) > 0;
  if (/^\s*(?:i\s+(?:want|would like|'d like)\s+to\s+)?complain/i.test(text) || said('complaint'))
    return 'complaint';
  if (said('praise')) return 'praise';
  if (said('suggestion')) return 'suggestion';
  // "help" asks for staff only with a danger or a place to go ("thanks for your help" does not)
  const danger = /\b(?:trapped|stuck in|emergency|fire|injured)\b/i.test(text);
  if (said('help') && (category ? category === 'safety' || category === 'elevator' : danger)) return 'help';
  const question =
    /\?\s*$/.test(text) || lex.questionWords.some((w) => new RegExp(`^\\s*${escape(w)}\\b`, 'i').test(text));
  if (!category) return undefined; // "how are you", "thanks for your help": nothing to register
  if (question && !fault) return 'inquiry';
  if (['noise', 'pets', 'service'].includes(category)) return 'complaint';
  if (category === 'safety' || category === 'parking') return 'help';
  if (['fees', 'paperwork', 'renovation'].includes(category)) return 'inquiry';
  return 'repair';
}

/**
 * Reads an English report ("my kitchen sink is leaking, room 3-2-1201"): kind and topic by
 * words, home or public place (public places named in Chinese, with the building: "building 3
 * lift" → "3栋电梯"), urgency. Nothing read: no kind (chatter).
 */
export function readEnglish(text: string, lex: EnglishLexicon): EnglishReading {
  let category: Category | undefined;
  let best = 0;
  let machine: Category | undefined;
  let machineBest = 0;
  for (const [c, words] of Object.entries(lex.categories) as Array<[Category, string[]]>) {
    const s = strength(text, words);
    if (s > best) [category, best] = [c, s];
    if (CATEGORY_DEPARTMENT[c] === 'engineering' && s > machineBest) [machine, machineBest] = [c, s];
  }
  // a noise a lift, pipe or fan makes is its fault ("the lift is making a weird noise"), not neighbours
  if (category === 'noise' && machine) category = machine;
  const fault = strength(text, lex.faultWords) > 0;
  const kind = kindOf(text, lex, category, fault);
  const urgent = strength(text, lex.urgentWords) > 0;
  if (!kind) return { urgent };
  const place = Object.entries(lex.publicPlaces)
    .filter(([w]) => has(text, w))
    .sort((a, b) => b[0].length - a[0].length)[0];
  // "my" alone names no room: "the light in the corridor on my floor" is the corridor's
  const rooms = lex.privatePlaces.filter((w) => w !== 'my');
  const home = strength(text, rooms) > 0 || (!place && has(text, 'my'));
  // a light in a public place is the estate's lighting, as a light at home is electrical work
  if (place && !home && category === 'electrical' && /\b(lights?|lamps?|bulbs?)\b/i.test(text))
    category = 'lighting';
  const publicTopic = category === 'lighting' || category === 'elevator' || category === 'greening';
  let scope: EnglishReading['scope'];
  if (place && (!home || publicTopic)) scope = 'public';
  else if (home || (kind === 'repair' && departmentFor(kind, category, text) === 'engineering'))
    scope = 'in_unit';
  else if (kind === 'repair' || kind === 'help') scope = 'public';
  const building = /\b(?:building|bldg|block|tower)\s*#?\s*(\d{1,3})\b|\b(\d{1,3})\s*(?:栋|#)/i.exec(text);
  const location =
    scope === 'public' && place
      ? `${building ? `${building[1] ?? building[2]}栋` : ''}${place[1]}`
      : undefined;
  return { kind, category, scope, location, urgent };
}
