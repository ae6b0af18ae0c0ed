/**
 * When two public-area reports are the same problem (issue #11 point 7): the same community,
 * category and place while the first is still being worked on. A place is compared by what
 * identifies it, not by its wording: "3栋电梯", "三号楼的电梯" and "3幢 电梯" are one lift;
 * "3栋电梯" and "5栋电梯" are not; a place naming no building matches only the same words.
 */
import { chineseNumber, CN_NUMBER } from './cn-numerals.js';

const NUMBER = `([0-9]+|${CN_NUMBER})`;
const BUILDING = new RegExp(`${NUMBER}\\s*(?:号楼|栋|幢|座|號樓|棟|楼(?![道梯顶层]))`);
const ENTRANCE = new RegExp(`${NUMBER}\\s*(?:单元|單元)`);
const FILLER = /[\s的之个處处那这边旁里裡面上下前后附近,，。.!！?？、]/g;

/** Place words too broad to say two reports are at one place ("小区东门" / "小区游乐场"). */
const GENERIC = new Set(['小区', '公共', '门口', '社区', '楼下', '外面', '入口', '出口']);

/** What identifies a public place: building, entrance, and the place words without filler. */
export function placeKey(location: string): { building?: string; entrance?: string; words: string } {
  const text = location.normalize('NFKC');
  const b = BUILDING.exec(text);
  const e = ENTRANCE.exec(text);
  const words = text
    .replace(BUILDING, '')
    .replace(ENTRANCE, '')
    .replace(/[0-9]+/g, '')
    .replace(FILLER, '')
    .replace(/號/g, '号')
    .replace(/樓/g, '楼')
    .replace(/電梯/g, '电梯');
  return {
    building: b ? String(chineseNumber(b[1]!) ?? b[1]) : undefined,
    entrance: e ? String(chineseNumber(e[1]!) ?? e[1]) : undefined,
    words,
  };
}

/** The same public place: buildings and entrances agree where both name one, and the words overlap. */
export function samePlace(a: string, b: string, places: readonly string[]): boolean {
  const x = placeKey(a);
  const y = placeKey(b);
  if ((x.building ?? '') !== (y.building ?? '')) return false;
  if (x.entrance && y.entrance && x.entrance !== y.entrance) return false;
  if (x.words === y.words) return true;
  // the same named place ("电梯", "大门") in both, or one wording containing the other
  const named = places.filter((p) => !GENERIC.has(p) && x.words.includes(p) && y.words.includes(p));
  if (named.length) return true;
  return (
    x.words.length >= 2 && y.words.length >= 2 && (x.words.includes(y.words) || y.words.includes(x.words))
  );
}

export interface DuplicateCandidate {
  kind: string;
  scope: string;
  category?: string | null;
  location?: string | null;
  state: string;
}

/** States in which a second report of the same problem joins the first instead of a new order. */
export const JOINABLE_STATES = [
  'received',
  'dispatched',
  'accepted',
  'on_site',
  'awaiting_quote',
  'quoted',
] as const;

/** The open report a new public repair duplicates, if any (the oldest one wins). */
export function findDuplicate<T extends DuplicateCandidate>(
  /** `kind`: of the orders it may join (repairs unless said: a lift's entrapment joins help orders). */
  report: { category?: string; location?: string; kind?: string },
  open: readonly T[],
  places: readonly string[],
): T | undefined {
  if (!report.category || !report.location) return undefined;
  return open.find(
    (t) =>
      t.kind === (report.kind ?? 'repair') &&
      t.scope === 'public' &&
      t.category === report.category &&
      (JOINABLE_STATES as readonly string[]).includes(t.state) &&
      !!t.location &&
      samePlace(t.location, report.location!, places),
  );
}
