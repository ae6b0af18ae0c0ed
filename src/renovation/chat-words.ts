import { hasRole, type Actor } from '../domain/actor.js';
import { REVIEWERS, type Reviewer } from './rules.js';

/** A staff renovation command as written (simplified script). */
export type StaffRenovationCommand =
  | { kind: 'review'; id?: string; decision?: 'approve' | 'changes'; note?: string }
  | {
      kind: 'inspect';
      id?: string;
      result?: 'ok' | 'failed' | 'violation';
      /** Checklist items (1-based, as the inspection task numbers them) found wrong. */
      failed?: number[];
      note?: string;
    };

/** The command words (matched on the simplified text; traditional script is converted first). */
export const RENOVATION_WORDS = {
  review: ['装修审批', '装修审核', '审批装修', '审核装修', 'renovation review', 'reno review'],
  inspect: ['装修巡检', '装修巡查', '装修检查', '巡检装修', 'renovation inspection', 'reno check'],
  approve: ['同意', '通过', '批准', '可以', 'approve', 'approved', 'ok'],
  changes: ['不同意', '不通过', '退回', '驳回', '要求修改', '修改', 'changes', 'reject'],
  ok: ['正常', '合格', '全部合格', '无问题', '没问题', '都好', 'ok', 'pass'],
  violation: ['违规', '违章', 'violation'],
} as const;

const NUMBER = /RN\s*-?\s*(\d{8})\s*-\s*(\d{4,})/i;
const startsWith = (s: string, words: readonly string[]) =>
  [...words].sort((a, b) => b.length - a.length).find((w) => s.toLowerCase().startsWith(w.toLowerCase()));
const strip = (s: string) => s.replace(/^[\s,，:：、.。;；]+/, '').trim();

/**
 * Pure: "装修审批 RN20261202-0001 同意", "装修审批 RN… 退回 图纸缺少水电走向", "装修巡检 RN… 正常",
 * "装修巡检 RN… 2 5 垃圾堆在楼道", "装修巡检 RN… 违规 未戴出入证". The number may be left out
 * (the only application it can mean is taken); a missing verdict is asked for by the handler.
 */
export function parseRenovationCommand(text: string): StaffRenovationCommand | undefined {
  const s = text.trim();
  const verb = startsWith(s, RENOVATION_WORDS.review) ?? startsWith(s, RENOVATION_WORDS.inspect);
  if (!verb) return undefined;
  const kind = (RENOVATION_WORDS.review as readonly string[]).includes(verb) ? 'review' : 'inspect';
  let rest = strip(s.slice(verb.length));
  const n = NUMBER.exec(rest);
  const id = n ? `RN${n[1]}-${n[2]}` : undefined;
  if (n) rest = strip(rest.slice(0, n.index) + rest.slice(n.index + n[0].length));
  if (kind === 'review') {
    const changes = startsWith(rest, RENOVATION_WORDS.changes);
    const approve = changes ? undefined : startsWith(rest, RENOVATION_WORDS.approve);
    const word = changes ?? approve;
    const note = word ? strip(rest.slice(word.length)) : rest;
    return {
      kind,
      id,
      decision: changes ? 'changes' : approve ? 'approve' : undefined,
      note: note || undefined,
    };
  }
  const violation = startsWith(rest, RENOVATION_WORDS.violation);
  if (violation)
    return { kind, id, result: 'violation', note: strip(rest.slice(violation.length)) || undefined };
  const ok = startsWith(rest, RENOVATION_WORDS.ok);
  if (ok) return { kind, id, result: 'ok', note: strip(rest.slice(ok.length)) || undefined };
  // "2 5 垃圾堆在楼道" / "第2、5项 …": the numbers of the items found wrong, then a note
  const items = /^(?:第?\s*\d{1,2}\s*(?:项)?[\s,，、和]*)+/.exec(rest);
  if (items) {
    const failed = [...new Set(items[0].match(/\d{1,2}/g)!.map(Number))].sort((a, b) => a - b);
    return { kind, id, result: 'failed', failed, note: strip(rest.slice(items[0].length)) || undefined };
  }
  return { kind, id, note: rest || undefined };
}

/**
 * Which review the speaker gives: customer service (front desk, CS supervisor) or engineering
 * (its department supervisor); a director gives the one still missing.
 */
export function reviewerOf(actor: Actor, reviews?: Partial<Record<Reviewer, unknown>>): Reviewer | undefined {
  if (hasRole(actor, 'front_desk', 'cs_supervisor')) return 'customer_service';
  if (hasRole(actor, 'dept_supervisor') && actor.department === 'engineering') return 'engineering';
  if (hasRole(actor, 'director')) return REVIEWERS.find((r) => !reviews?.[r]) ?? 'customer_service';
  return undefined;
}
