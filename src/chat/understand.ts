import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DEPARTMENTS, TICKET_KINDS, type Department, type TicketKind } from '../domain/roles.js';
import { projectRoot } from '../paths.js';

const lexiconSchema = z.object({
  /** A message that starts with one of these words ("表扬维修工老张…") is of that kind, whatever follows. */
  explicit: z.record(z.string().min(1), z.enum(TICKET_KINDS)),
  kinds: z.record(z.enum(TICKET_KINDS), z.array(z.string().min(1))),
  categories: z.array(
    z.object({
      id: z.string().min(1),
      department: z.enum(DEPARTMENTS),
      kind: z.enum(TICKET_KINDS),
      public: z.boolean().optional(),
      words: z.array(z.string().min(1)).min(1),
    }),
  ),
  publicPlaces: z.array(z.string().min(1)),
  privatePlaces: z.array(z.string().min(1)),
  urgentWords: z.array(z.string().min(1)),
});
export type Lexicon = z.infer<typeof lexiconSchema>;

let cached: Lexicon | undefined;

/** flows/lexicon.json, validated once. */
export function lexicon(): Lexicon {
  cached ??= lexiconSchema.parse(
    JSON.parse(readFileSync(join(projectRoot, 'flows', 'lexicon.json'), 'utf8')),
  );
  return cached;
}

export interface Understanding {
  kind?: TicketKind;
  category?: string;
  department?: Department;
  scope?: 'in_unit' | 'public';
  /** A public place as written, with its building when named: "3栋电梯". */
  location?: string;
  urgent: boolean;
}

/** A word's evidence grows with its length: 漏水 says more than 水. */
const weight = (word: string) => word.length * word.length;

function score(text: string, words: readonly string[]): { total: number; best?: string } {
  let total = 0;
  let best: string | undefined;
  for (const w of words) {
    if (text.includes(w)) {
      total += weight(w);
      if (!best || w.length > best.length) best = w;
    }
  }
  return { total, best };
}

/** When kinds tie, the one that costs the owner more if missed wins. */
const PRIORITY: readonly TicketKind[] = ['help', 'complaint', 'repair', 'praise', 'suggestion', 'inquiry'];

/**
 * What a (normalised, simplified) message is about, from the lexicon alone: kind, category and
 * department, in the unit or in a public place, urgent or not. Pure: no database, no state.
 */
export function understand(text: string, lex: Lexicon = lexicon()): Understanding {
  let category: Lexicon['categories'][number] | undefined;
  let categoryScore = 0;
  for (const c of lex.categories) {
    const s = score(text, c.words).total;
    if (s > categoryScore) {
      category = c;
      categoryScore = s;
    }
  }
  const kindScores = new Map<TicketKind, number>();
  for (const kind of TICKET_KINDS) kindScores.set(kind, score(text, lex.kinds[kind] ?? []).total);
  // The topic hints at the kind (noise is usually a complaint), weaker than an explicit word.
  if (category) kindScores.set(category.kind, kindScores.get(category.kind)! + 3);
  const lead = text.replace(/^(我要|我想|想|要|请|麻烦)/, '');
  const explicit = Object.entries(lex.explicit).find(([word]) => lead.startsWith(word))?.[1];
  let kind: TicketKind | undefined = explicit;
  let best = explicit ? Infinity : 0;
  for (const k of PRIORITY) {
    const s = kindScores.get(k)!;
    if (s > best) {
      kind = k;
      best = s;
    }
  }
  const pub = score(text, lex.publicPlaces);
  const priv = score(text, lex.privatePlaces);
  let scope: Understanding['scope'];
  if (priv.total > 0 && priv.total >= pub.total) scope = 'in_unit';
  else if (pub.total > 0 || category?.public) scope = 'public';
  // A repair of something only homes have (a tap, a door lock) with no place named is in the unit.
  else if (kind === 'repair' && category && category.kind === 'repair') scope = 'in_unit';
  let location: string | undefined;
  if (scope === 'public') {
    const place = pub.best ?? category?.words.find((w) => text.includes(w));
    const building = /(\d{1,3})\s*(?:栋|幢|号楼|座)/.exec(text);
    location = place ? `${building ? `${building[1]}栋` : ''}${place}` : undefined;
  }
  return {
    kind,
    category: category?.id,
    department: category?.department ?? (kind === 'repair' ? 'engineering' : undefined),
    scope,
    location,
    urgent: lex.urgentWords.some((w) => text.includes(w)),
  };
}
