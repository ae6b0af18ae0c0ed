import type { Department, TicketKind } from '../../domain/roles.js';
import { hazardIn } from '../../domain/hazards.js';
import { normalizeText } from '../text/normalize.js';
import { lexicon, LOW_CONFIDENCE, understand, type Lexicon, type Understanding } from '../understand.js';

/** One problem of a message that tells several ("厨房水管漏水了，还有客厅的灯也不亮"). */
export interface Problem {
  /** Its part of the message, normalised (what the understanding reads) and as written. */
  text: string;
  original: string;
  kind: TicketKind;
  category?: string;
  department?: Department;
}

export interface ProblemSplit {
  /** Two or more, in the order told. */
  problems: Problem[];
  /**
   * The owner marked them apart (还有, 另外, a numbered list, "…也不亮"): register each. Otherwise
   * (different departments, different rooms, no word between them) the owner is asked.
   */
  sure: boolean;
}

/** Words that start another matter: "还有", "另外", "顺便" (both scripts). */
const CONNECTOR =
  /^(?:还有就是|還有就是|还有|還有|另外|此外|以及|再就是|再有|顺便|順便|同时|同時|而且|并且|並且|仲有|另外仲有|(?:and\s+)?also\b|and\b|plus\b|another\s+thing\b|besides\b)[\s,，:：]*/i;
/** The same words inside a clause: a new clause starts before them. */
const CONNECTOR_INSIDE =
  /(?<=\p{Script=Han})(?=还有就是|還有就是|还有|還有|另外|此外|以及|再就是|顺便|順便|同时还|同時還|仲有)/gu;
/** English words that start another matter inside a sentence ("…is broken and the toilet is blocked"). */
const ENGLISH_INSIDE =
  /\s+(?=(?:and\s+)?also\b|and\s+(?:the|my|our|a|an|there)\b|plus\b|besides\b|another\s+thing\b)/gi;
/** A numbered list: "1. 空调漏水 2. 门铃坏了", "一、…二、…", "①…②…". */
const LIST_ITEM =
  /(?:^|(?<=[\s,，;；。!！]))(?:[1-9]|[一二三四五六七八九])\s*[.、．)）:：](?!\d)\s*|[①-⑨]\s*/gu;
/** "客厅的灯也不亮": this one too. */
const ALSO = /也|\btoo\b|\bas well\b/i;

/**
 * Words that say something is wrong with a thing: a clause without one ("水流到楼下了" aside,
 * "一滩水", "还有一股怪味", "冷风往里灌") tells more about the problem before it, not a new one.
 */
const FAULT =
  /坏|不亮|不灵|失灵|不好使|不能用|用不了|没法用|不工作|不转|不动|不通|不出水|没水|没电|停电|断电|跳闸|漏|渗|滴水|冒水|堵|关不上|关不紧|关不严|打不开|开不了|锁不上|掉了|脱落|松了|裂|碎|断了|卡住|卡死|异响|一直响|乱响|冒烟|冒火花|打火|闪|爆|(?:好|很|太|特别)慢|不畅|推不动|拉不动|没反应|烫手|发烫|塌|歪了|倒了|满了|没人倒|没人扫|没人收|脏|臭|吵|乱停|挡住|占了|不制冷|不制热|不热|没热水|不下水|返水|有虫|蟑螂|老鼠|太长|没修剪|枯|唔(?:着|著|亮|通|郁|到|落|开|開|work)|冇(?:水|电|電)|[坏壞]咗|broken|break|leak|(?:is|are)\s+off\b|out\s+of\s+order|not\s+work|doesn'?t\s+work|won'?t|can'?t|blocked|clogged|flicker|noisy|no\s+(?:water|power|hot\s+water)|dead|smell|dirty|stuck/i;

interface Clause {
  original: string;
  text: string;
  /** How it is set apart from the clause before: a list item, a connector, "也", nothing. */
  mark: 'list' | 'connector' | 'also' | 'none';
  u?: Understanding;
  place?: string;
}

/** The message cut into clauses, each with how it was set apart from the one before. */
function clauses(original: string): Clause[] {
  const items = original.split(LIST_ITEM).filter((s) => s.trim());
  const listed = (original.match(LIST_ITEM) ?? []).length >= 2 && items.length >= 2;
  const out: Clause[] = [];
  (listed ? items : [original]).forEach((item, i) => {
    const parts = item
      .replace(CONNECTOR_INSIDE, '\n')
      .replace(ENGLISH_INSIDE, '\n')
      .split(/[,，;；。!！?？\n]+|(?<=\p{Script=Han})\s+|\s+(?=\p{Script=Han})/u)
      .map((s) => s.trim())
      .filter(Boolean);
    parts.forEach((part, j) => {
      const connector = CONNECTOR.test(part);
      const bare = part.replace(CONNECTOR, '').trim();
      if (!bare) return;
      const mark =
        listed && j === 0 && i > 0 ? 'list' : connector ? 'connector' : ALSO.test(bare) ? 'also' : 'none';
      out.push({ original: bare, text: normalizeText(bare).text, mark });
    });
  });
  return out;
}

const READS_AS_PROBLEM: readonly TicketKind[] = ['repair', 'help', 'complaint'];

/** A clause that is a problem of its own: read as one (as surely as a whole message must be), saying what is wrong. */
function isProblem(c: Clause): boolean {
  const u = c.u!;
  return Boolean(
    u.isReport &&
    u.kind &&
    READS_AS_PROBLEM.includes(u.kind) &&
    !u.ambiguous &&
    u.confidence >= LOW_CONFIDENCE &&
    FAULT.test(c.text),
  );
}

const placeIn = (text: string, lex: Lexicon) =>
  [...lex.privatePlaces, ...lex.publicPlaces].find((p) => text.includes(p));

/**
 * The problems a message tells, when it tells two or more distinct ones; undefined for one (also
 * one told in several clauses: "水管漏水了，水流到楼下了"). Distinct: a numbered list; a clause
 * begun with 还有/另外… or saying 也 about another topic; another department; another room.
 * One topic told twice is one problem unless marked apart in different rooms. An emergency is
 * split only from a numbered list, and comes first. Pure.
 */
export function splitProblems(original: string, lex: Lexicon = lexicon()): ProblemSplit | undefined {
  const whole = normalizeText(original).text;
  const all = clauses(original);
  // An emergency ("电梯坏了 里面还有人被困") is one report, at once: split only an explicit list.
  const danger = (text: string) => lex.emergencyWords.some((w) => text.includes(w));
  if (danger(whole) && !all.some((c) => c.mark === 'list')) return undefined;
  if (all.length < 2) return undefined;
  const groups: Array<{ parts: Clause[]; head?: Clause; sure: boolean }> = [];
  let pending: Clause[] = [];
  for (const c of all) {
    c.u = understand(c.text, lex);
    c.place = placeIn(c.text, lex);
    const current = groups[groups.length - 1];
    if (!isProblem(c)) {
      if (current) current.parts.push(c);
      else pending.push(c);
      continue;
    }
    const head = current?.head;
    if (!current || !head) {
      groups.push({ parts: [...pending, c], head: c, sure: true });
      pending = [];
      continue;
    }
    const sameTopic = c.u.category === head.u!.category;
    const otherPlace = Boolean(c.place && head.place && c.place !== head.place);
    const marked = c.mark !== 'none';
    const distinct =
      c.mark === 'list' ||
      (sameTopic
        ? c.mark === 'connector' && otherPlace
        : marked || otherPlace || c.u.department !== head.u!.department);
    if (distinct) groups.push({ parts: [c], head: c, sure: marked });
    else current.parts.push(c);
  }
  if (groups.length < 2) return undefined;
  const comma = /\p{Script=Han}/u.test(whole) ? '，' : ', ';
  // the dangerous one is registered first (its safety advice and urgency are its own)
  const first = groups.findIndex((g) => g.parts.some((p) => danger(p.text) || hazardIn(p.text)));
  if (first > 0) groups.unshift(...groups.splice(first, 1));
  return {
    problems: groups.map((g) => {
      const u = g.head!.u!;
      const text = g.parts.map((p) => p.text).join(comma);
      return {
        text,
        original: g.parts.map((p) => p.original).join(comma),
        kind: u.kind!,
        category: u.category,
        department: u.department,
      };
    }),
    sure: groups.every((g) => g.sure),
  };
}
