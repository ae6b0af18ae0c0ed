import { findUnitAddress, type UnitAddress } from '../../chat/text/unit-address.js';
import type { VISIT_METHODS } from '../models.js';

export type VisitMethod = (typeof VISIT_METHODS)[number];

/**
 * Pure readers of the visit commands and answers, on normalized (simplified, half-width) text;
 * traditional spellings are listed too for text read as written.
 */

const METHOD_WORDS: Array<[RegExp, VisitMethod]> = [
  [/^(上门|上門|入户|入戶|当面|當面|面谈|面談|走访|走訪|door|in person)/i, 'door'],
  [/^(打电话|打電話|电话|電話|致电|致電|phone|call)/i, 'phone'],
  [/^(企业微信|企業微信|企微|微信|线上|線上|wechat|chat)/i, 'chat'],
  [/^(其他|其它|other)/i, 'other'],
];
const METHOD_NUMBER: Record<string, VisitMethod> = { '1': 'door', '2': 'phone', '3': 'chat', '4': 'other' };

/** "上门 业主说…" → door and the rest; "2" → phone; undefined when it names no method. */
export function parseMethod(text: string): { method: VisitMethod; rest: string } | undefined {
  const t = text.trim();
  const n = /^([1-4])(?:\s|$|[.、，,])/.exec(t);
  if (n) return { method: METHOD_NUMBER[n[1]!]!, rest: t.slice(n[0].length).trim() };
  for (const [re, method] of METHOD_WORDS) {
    const m = re.exec(t);
    if (m) return { method, rest: t.slice(m[0].length).replace(/^[\s,，:：、]+/, '') };
  }
  return undefined;
}

/** "无", "没有", "没问题": nothing to add. */
export const NONE = /^(无|無|没有|沒有|没|沒|没问题|沒問題|无问题|無問題|暂无|暫無|略|none|no|n\/a|-)$/i;

/** The issues of an answer, one per line or separated by ；/ 。 ("无" → none). */
export function parseIssues(text: string): string[] {
  const t = text.trim();
  if (NONE.test(t)) return [];
  return t
    .split(/[\n；;。]+|\s*\d[.、)]\s*/)
    .map((s) => s.trim())
    .filter((s) => s.length && !NONE.test(s));
}

/** Where the issues start in a one-line record: "问题：", "反映：" (traditional too). */
const ISSUES_MARK = /(?:问题|問題|反映|诉求|訴求|issues?)\s*[:：]/i;

export interface VisitCommand {
  /** "本月拜访": the households still to visit. */
  list?: true;
  unit?: UnitAddress;
  method?: VisitMethod;
  notes?: string;
  issues?: string[];
}

const LIST =
  /^(本月拜访|本月拜訪|拜访进度|拜訪進度|拜访名单|拜訪名單|未拜访|未拜訪|还没拜访|還沒拜訪|visits left|my visits)[?？]?$/i;
const VERB = /^(入户拜访|入戶拜訪|上门拜访|上門拜訪|拜访|拜訪|家访|家訪|走访|走訪|visit)(?![a-z])/i;

/**
 * "拜访", "拜访 3-2-1201 上门 业主说楼道灯坏了", "拜访 3栋2单元1201 电话 一切正常 问题：电梯异响；
 * 门禁卡失灵", "本月拜访". A sentence that merely starts with the word is not a command.
 */
export function parseVisitCommand(text: string): VisitCommand | undefined {
  const t = text.trim();
  if (LIST.test(t)) return { list: true };
  const verb = VERB.exec(t);
  if (!verb) return undefined;
  const afterVerb = t.slice(verb[0].length);
  if (!afterVerb.trim()) return {};
  const found = findUnitAddress(afterVerb);
  const before = found ? afterVerb.slice(0, afterVerb.indexOf(found.address.building)).trim() : '';
  // "拜访了3栋的业主" / "拜访一下": a sentence, not a record
  if (!found || before.replace(/[\s:：,，]/g, '')) return undefined;
  const afterUnit = found.rest.replace(/^[\s:：,，]*[室号房]?/, '');
  const out: VisitCommand = { unit: found.address };
  const m = parseMethod(afterUnit.replace(/^[\s,，:：、]+/, ''));
  if (!m) return out;
  out.method = m.method;
  if (!m.rest) return out;
  const rest = m.rest;
  const mark = ISSUES_MARK.exec(rest);
  if (!mark) return { ...out, notes: rest };
  out.notes = rest
    .slice(0, mark.index)
    .trim()
    .replace(/[,，;；。]$/, '');
  out.issues = parseIssues(rest.slice(mark.index + mark[0].length));
  return out;
}

/**
 * The command read from the normalized text, with the notes and issues as the sender wrote them
 * (traditional script kept) when the original reads the same way; otherwise as normalized.
 */
export function readVisitCommand(normalized: string, original: string): VisitCommand | undefined {
  const read = parseVisitCommand(normalized);
  if (!read?.method) return read;
  const written = parseVisitCommand(original.normalize('NFKC').replace(/\s+/g, ' ').trim());
  const same =
    written?.method === read.method &&
    written.unit?.building === read.unit?.building &&
    written.unit?.room === read.unit?.room;
  return same ? { ...read, notes: written.notes, issues: written.issues } : read;
}
