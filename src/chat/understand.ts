import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DEPARTMENTS, TICKET_KINDS, type Department, type TicketKind } from '../domain/roles.js';
import { projectRoot } from '../paths.js';
import { cryForHelp, hazardIn } from '../domain/hazards.js';
import { DISPATCHABLE } from '../domain/ticket-states.js';
import { CATEGORIES, departmentFor, type Category } from './understanding/labels.js';
import { models } from './understanding/model.js';
import { findSlots, type Slots } from './understanding/slots.js';
import { BESIDE_A_BUILDING, fullestPlace } from './understanding/places.js';
import { englishLexiconSchema, readEnglish, type EnglishLexicon } from './understanding/english.js';

const lexiconSchema = z.object({
  /** A message that starts with one of these words ("表扬维修工老张…") is of that kind, whatever follows. */
  explicit: z.record(z.string().min(1), z.enum(TICKET_KINDS)),
  /** Words typical of each kind (kept for reference and other tools; the trained model decides). */
  kinds: z.record(z.enum(TICKET_KINDS), z.array(z.string().min(1))),
  categories: z.array(
    z.object({
      id: z.enum(CATEGORIES as [Category, ...Category[]]),
      department: z.enum(DEPARTMENTS),
      kind: z.enum(TICKET_KINDS),
      public: z.boolean().optional(),
      words: z.array(z.string().min(1)).min(1),
    }),
  ),
  publicPlaces: z.array(z.string().min(1)),
  privatePlaces: z.array(z.string().min(1)),
  urgentWords: z.array(z.string().min(1)),
  /**
   * Emergency words beyond the dangers read in context by src/domain/hazards.ts ("救命", "走失"):
   * urgent, a report whatever the model says, never asked about.
   */
  emergencyWords: z.array(z.string().min(1)).default([]),
  /** In an owners' group, words that address the neighbours ("有没有人一起", "团购", "寻物"): never a report. */
  groupChatterWords: z.array(z.string().min(1)).default([]),
  /** Owners who write in English: kind, topic and place read by words (src/chat/understanding/english.ts). */
  english: englishLexiconSchema.optional(),
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

/** One likely reading of a message, for the numbered question when the model is unsure. */
export interface Reading {
  kind: TicketKind;
  category?: string;
  department?: Department;
  /** Share of the evidence, 0..1. */
  p: number;
}

export interface Understanding {
  kind?: TicketKind;
  category?: string;
  department?: Department;
  scope?: 'in_unit' | 'public';
  /** A public place as written, with its building when named: "3栋电梯". */
  location?: string;
  urgent: boolean;
  /** How sure the reading of the kind is, 0..1 (1 for an explicit word such as "投诉"). */
  confidence: number;
  /** The two or three likeliest readings, best first (the first one is the answer above). */
  alternatives: Reading[];
  /** Unsure enough that the owner should pick from `alternatives` rather than be guessed for. */
  ambiguous: boolean;
  /** Something for the property: becomes a ticket or an answer. */
  isReport: boolean;
  /** Chatter or nonsense ("哈哈", "[表情]", a phone number alone): never a ticket. */
  isChatter: boolean;
  /** What the message already says: phone, unit, photo, time words. */
  slots: Slots;
}

/**
 * Softmax temperatures that calibrate the classifiers' outputs into probabilities, fitted (lowest
 * log-loss) on a dev split carved from the train split: flows/corpus/dev-split.ts.
 */
export const TEMPERATURE = { kind: 0.12, category: 0.1 } as const;
/**
 * Below this probability the kind is a guess: ask the owner instead (one numbered question). On
 * the dev split the first reading was right in about 1 of 3 cases below 0.6, 19 of 20 above.
 */
export const LOW_CONFIDENCE = 0.6;
/** Below this probability a topic that changes the department is asked about too. */
export const LOW_CATEGORY_CONFIDENCE = 0.5;
/**
 * Below this probability of the first reading as a whole (kind × topic) the owner is asked too: on
 * the dev split its kind was right in 21 of 38 readings below 0.4, 14 of 19 in 0.4–0.5 and 355 of
 * 369 above 0.5 (flows/corpus/dev-split.ts, "joint reading").
 */
export const LOW_READING = 0.4;
/** A reading less likely than this is not offered. */
const MIN_READING = 0.12;

const chatter = (slots: Slots): Understanding => ({
  urgent: false,
  confidence: 1,
  alternatives: [],
  ambiguous: false,
  isReport: false,
  isChatter: true,
  slots,
});

/** Longer than any report an owner types in chat (the pipeline's own limit is lower). */
const MAX_REPORT_LENGTH = 2000;

/** The reading of a kind the owner picked from the menu (nothing guessed). */
export function chosen(kind: TicketKind): Understanding {
  return { ...chatter({}), kind, isReport: true, isChatter: false };
}

/** A link (pasted share text, a web page): carries no meaning for the reading. */
const URL = /(?:https?:\/\/|www\.)[^\s\u3000-\u303f\uff00-\uffef\p{Script=Han}]+/giu;

/** Share text an app puts around a link ("【淘宝】… 复制打开"): forwarded, not written to us. */
const SHARED =
  /【(?:淘宝|天猫|京东|拼多多|抖音|快手|美团|闲鱼|小红书|大众点评)】|复制(?:这段|打开|链接)|点击链接|砍一刀/;

/** A link forwarded with an app's share text: never a report. */
const forwarded = (text: string) => SHARED.test(text) && /https?:\/\/|www\./i.test(text);

/** The text without links, zero-width and control characters: what the classifiers read. */
export function readable(text: string): string {
  return text
    .replace(URL, ' ')
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Text that cannot be a report whatever a model says: no letters, a number alone, one repeated
 * sign, a sticker placeholder, a link alone, or a language we do not read (letters of other
 * scripts outnumber the Chinese ones: Korean, Russian, Japanese kana).
 */
function plainlyNothing(text: string): boolean {
  if (text.length > MAX_REPORT_LENGTH) return true; // pages of text are not a chat report
  // "啊啊啊啊", "hhhh" (but "救命" is a cry for help)
  if (new Set(text.replace(/\s/g, '')).size <= 2 && !cryForHelp(text)) return true;
  if (!/[\p{L}]/u.test(text)) return true; // emoji, digits, punctuation only (a phone number alone)
  const han = (text.match(/\p{Script=Han}/gu) ?? []).length;
  const foreign = (text.match(/[^\p{Script=Han}\p{Script=Latin}\P{L}]/gu) ?? []).length;
  if (foreign > han) return true; // "엘리베이터 고장", "лифт сломан", "我家 лифт сломан"
  if (/^(\[[^\]]{1,6}\]\s*)+$/.test(text)) return true; // [表情] [图片]
  return false;
}

function placeOf(
  text: string,
  lex: Lexicon,
  kind: TicketKind | undefined,
  category?: Lexicon['categories'][number],
) {
  const find = (words: readonly string[]) => {
    let total = 0;
    for (const w of words) if (text.includes(w)) total += w.length * w.length;
    return total;
  };
  const pub = find(lex.publicPlaces);
  const priv = find(lex.privatePlaces);
  let scope: Understanding['scope'];
  // the topic's own public place said ("我家楼层的电梯", "我家门口的路灯"): no home has its own
  const ownPlace = Boolean(
    category?.public && category.words.some((w) => lex.publicPlaces.includes(w) && text.includes(w)),
  );
  if (priv > 0 && priv >= pub && !ownPlace) scope = 'in_unit';
  else if (pub > 0 || category?.public) scope = 'public';
  // A repair of something only homes have (a tap, a door lock) with no place named is in the unit.
  else if (kind === 'repair' && category?.department === 'engineering') scope = 'in_unit';
  let location: string | undefined;
  if (scope === 'public') {
    // the entrance is said apart: "3栋2单元门口" is the entrance's door, not "单元门" + "口"
    const entrance = /(\d{1,2})\s*单元/.exec(text);
    // a lift in Cantonese ("部𨋢", simplified "䢂"; "升降机") is the place every report of it names: "电梯"
    const said = text.replace(/䢂|𨋢|升降机/g, '电梯');
    const words = entrance ? said.replace(entrance[0], '·') : said;
    // the place as said, adjacent words together ("小区门口路灯", "楼下"), else the installation
    // named, which is its own place ("秋千坏了", "消防栓漏水"), else (a typo: "电体坏了") the place
    // the topic is always at ("电梯"). What a cleaning or greening report names is what is wrong
    // ("垃圾桶满了", "好臭", "树倒了"), never where: no place then, and the flow asks.
    const place =
      fullestPlace(words, [...lex.publicPlaces, ...BESIDE_A_BUILDING]) ??
      installationSaid(words, category) ??
      typicalPlace(words, lex, category);
    const building = /(\d{1,3})\s*(?:栋|幢|号楼|座)/.exec(text);
    // each entrance has its own lift and door: "6栋1单元的电梯" is not "6栋2单元的电梯"
    location = place
      ? `${building ? `${building[1]}栋` : ''}${entrance ? `${entrance[1]}单元` : ''}${place}`
      : undefined;
  }
  return { scope, location };
}

/**
 * The installation a public repair names, the longest word said ("健身器材" rather than a part of
 * it): a lift, a lamp, a swing is where the worker goes. Only engineering topics have them.
 */
function installationSaid(text: string, category: Lexicon['categories'][number] | undefined) {
  if (category?.department !== 'engineering') return undefined;
  let best: string | undefined;
  for (const w of category.words) if (text.includes(w) && (!best || w.length > best.length)) best = w;
  return best;
}

/**
 * The place a public repair is always at ("电梯" for a lift), for a message that names no place
 * word because of a typo ("一栋电体坏了 关不上门"): the place word's first character followed by
 * another ("电体"). ("楼到灯坏了" is no "路灯", "垃圾桶满了" no "垃圾站": they are asked.)
 */
function typicalPlace(
  text: string,
  lex: Lexicon,
  category: Lexicon['categories'][number] | undefined,
): string | undefined {
  if (category?.department !== 'engineering') return undefined;
  const place = category.words.find((w) => lex.publicPlaces.includes(w));
  if (!place || place.length < 2) return undefined;
  // its first character followed by another than its second: "电体" (but "电表" is the meter's topic)
  const typo = new RegExp(`${place[0]}(?!${place[1]})\\p{Script=Han}`, 'u');
  return typo.test(text) ? place : undefined;
}

/**
 * A facility (or a door) that is a fixture of the owner's home ("阳台晾衣架坏了", "衣柜门掉了"): a
 * fixture's word and no public place said, and the model's topic a facility, a door, or a trade
 * none of whose words was said. The estate's facilities ("公共晾衣区的晾衣架断了",
 * "健身器材坏了", "外墙裂了条缝 下雨就往屋里渗") stay theirs.
 */
function homeFixture(text: string, lex: Lexicon, category: Category | undefined, emergency: boolean) {
  const fixtures = lex.categories.find((c) => c.id === 'fixtures');
  if (!fixtures || !category) return undefined;
  const said = (words: readonly string[]) => words.some((w) => text.includes(w));
  if (!said(fixtures.words) || said(lex.publicPlaces)) return undefined;
  if (['facility', 'doors', 'fixtures'].includes(category)) return fixtures;
  // another topic the model guessed without one of its own words said ("阳台晾衣架断了 明天上午",
  // read as plumbing for the time said after it; "抽油烟机不转了" as safety): the fixture named
  // wins, unless someone is in danger
  const guessed = lex.categories.find((c) => c.id === category);
  return !emergency && guessed && !said(guessed.words) ? fixtures : undefined;
}

/**
 * What a (normalised, simplified) message is about: kind, category and department from the trained
 * classifiers (flows/corpus/model.json), an explicit opening word ("投诉…", "表扬…") overriding the
 * kind; place, urgency and slots from the lexicon and patterns. Pure: no database, no state.
 */
export function understand(written: string, lex: Lexicon = lexicon()): Understanding {
  const slots = findSlots(written);
  const text = readable(written);
  if (plainlyNothing(text) || forwarded(written)) return chatter(slots);
  // No Chinese at all: read by English words ("asdfgh", "ok": nothing read, chatter)
  if (!/\p{Script=Han}/u.test(text)) return lex.english ? english(text, lex.english, slots) : chatter(slots);
  const m = models();
  const kinds = m.kind.classify(text, TEMPERATURE.kind);
  const categories = m.category.classify(text, TEMPERATURE.category);
  const lead = text.replace(/^(我要|我想|想|要|请|麻烦|你好[,，]?|您好[,，]?)/, '');
  const explicit = Object.entries(lex.explicit).find(([word]) => lead.startsWith(word))?.[1];
  const top = kinds[0];
  // An emergency word ("电梯困人", "着火") is a report whatever the model says, and never waits.
  const emergency = emergencyIn(text, lex);
  if (!explicit && !emergency && (!top || top.label === 'none')) return chatter(slots);

  // Calibrated probabilities (softmax with a temperature fitted on a dev split), renormalised
  // over the kinds of report: "none" lost already.
  const reports = kinds.filter((k): k is { label: TicketKind; p: number } => k.label !== 'none');
  const share = reports.reduce((s, k) => s + k.p, 0) || 1;
  const kindP = (k: TicketKind) => (reports.find((r) => r.label === k)?.p ?? 0) / share;
  // An emergency the model reads as chatter ("电梯困人啦") is a call for help.
  const kind: TicketKind = explicit ?? (top?.label === 'none' ? 'help' : reports[0]!.label);
  const confidence = explicit || top?.label === 'none' ? 1 : kindP(kind);
  // a cry for help or a person locked in is for security staff, whatever its words look like
  const securityCall = ['sos', 'locked_in'].includes(hazardIn(text) ?? '');
  const category = securityCall ? 'safety' : categories[0]?.label;
  const categoryConfidence = securityCall ? 1 : (categories[0]?.p ?? 0);
  const reading = (k: TicketKind, c: Category | undefined, p: number): Reading => ({
    kind: k,
    category: c,
    department: departmentFor(k, c, text),
    p: Math.round(p * 1000) / 1000,
  });
  // Joint readings (kind × topic), best first, the answer above first: the next likeliest kinds
  // with the likeliest topic, and the likeliest kind with the next topics.
  const alternatives: Reading[] = [reading(kind, category, confidence * categoryConfidence)];
  const others: Reading[] = [];
  for (const k of reports)
    if (k.label !== kind && k.p / share >= MIN_READING)
      others.push(reading(k.label, category, (k.p / share) * categoryConfidence));
  for (const c of categories.slice(1))
    if (c.p >= MIN_READING) others.push(reading(kind, c.label, confidence * c.p));
  others.sort((a, b) => b.p - a.p);
  for (const r of others) {
    if (alternatives.length >= 3) break;
    if (!alternatives.some((a) => a.kind === r.kind && a.category === r.category)) alternatives.push(r);
  }
  // Unsure of the kind, or of a topic that would send the report to another department.
  const department = departmentFor(kind, category, text);
  const unsureTopic =
    categoryConfidence < LOW_CATEGORY_CONFIDENCE &&
    alternatives.some((a) => a.kind === kind && a.department !== department);
  // Asking only helps when the readings would be handled differently: "repair or help with the
  // lift?" goes to the same department either way, and a trapped owner must not wait for a menu.
  const handling = (r: Pick<Reading, 'kind' | 'department'>) =>
    `${DISPATCHABLE.includes(r.kind) ? 'dispatch' : r.kind}:${r.department}`;
  const differs = alternatives.some((a) => handling(a) !== handling({ kind, department }));
  const ambiguous =
    !explicit &&
    !emergency &&
    differs &&
    (confidence < LOW_CONFIDENCE || unsureTopic || alternatives[0]!.p < LOW_READING);

  let entry = lex.categories.find((c) => c.id === category);
  let { scope, location } = placeOf(text, lex, kind, entry);
  const fixture = homeFixture(text, lex, category, emergency || securityCall);
  if (fixture) [entry, scope, location] = [fixture, 'in_unit', undefined];
  // public lighting is the lamps of the estate: a light at home ("客厅的灯不亮") is electrical work
  const topic = category === 'lighting' && scope === 'in_unit' ? 'electrical' : entry?.id;
  return {
    kind,
    category: topic,
    department: fixture ? departmentFor(kind, 'fixtures', text) : department,
    scope,
    location,
    urgent: emergency || lex.urgentWords.some((w) => text.includes(w)),
    confidence: Math.round(confidence * 1000) / 1000,
    alternatives,
    ambiguous,
    isReport: true,
    isChatter: false,
    slots,
  };
}

/**
 * Someone trapped, a fire, gas, a person hurt (read in context: "打不着火" is no fire), or a
 * lexicon emergency word ("救命", "走失").
 */
const emergencyIn = (text: string, lex: Lexicon) =>
  Boolean(hazardIn(text)) || lex.emergencyWords.some((w) => text.includes(w));

/** How sure a reading by English words is: they decide, but no model weighed them. */
const ENGLISH_CONFIDENCE = 0.9;

/** An English message's understanding, from its words; nothing read is chatter. */
function english(text: string, lex: EnglishLexicon, slots: Slots): Understanding {
  const r = readEnglish(text, lex);
  if (!r.kind) return chatter(slots);
  const department = departmentFor(r.kind, r.category, text);
  return {
    kind: r.kind,
    category: r.category,
    department,
    scope: r.scope,
    location: r.location,
    urgent: r.urgent,
    confidence: ENGLISH_CONFIDENCE,
    alternatives: [{ kind: r.kind, category: r.category, department, p: ENGLISH_CONFIDENCE }],
    ambiguous: false,
    isReport: true,
    isChatter: false,
    slots,
  };
}

/** Loads the lexicon and the trained model now, so the first owner message does not wait for them. */
export function warmUp(): void {
  lexicon();
  models();
}

/** Below this share a message in an owners' group is left to the neighbours. */
export const GROUP_REPORT_THRESHOLD = 0.7;

/**
 * Whether a message in an owners' group (not addressed to the bot) is a report for the property
 * rather than chatter among neighbours: the trained group gate, and a reading as a report.
 */
export function isGroupReport(written: string, lex: Lexicon = lexicon()): boolean {
  const text = readable(written);
  if (plainlyNothing(text) || forwarded(written)) return false;
  // A danger happening now ("我家燃气好大味道 怎么办", "有人知道楼道的煤气味是哪家的吗") is taken
  // up whatever its kind and however it is asked.
  if (hazardIn(text)) return true;
  // Precision first: a message asking the neighbours for something stays with the neighbours.
  if (lex.groupChatterWords.some((w) => text.includes(w))) return false;
  // the gate is trained on Chinese: English in a group is read only when it addresses the bot
  if (!/\p{Script=Han}/u.test(text)) return false;
  const u = understand(text, lex);
  if (!u.isReport) return false;
  // Someone trapped, a fire, gas: picked up whatever the gate says.
  if (u.kind && DISPATCHABLE.includes(u.kind) && emergencyIn(text, lex)) return true;
  const gate = models().gate.classify(text);
  const report = gate.find((g) => g.label === 'report')?.p ?? 0;
  return report >= GROUP_REPORT_THRESHOLD;
}
