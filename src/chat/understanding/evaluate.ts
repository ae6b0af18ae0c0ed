import { normalizeText } from '../text/normalize.js';
import { TICKET_KINDS } from '../../domain/roles.js';
import { isGroupReport, understand } from '../understand.js';
import type { GroupMessage, LabelledMessage } from './corpus.js';

export interface Evaluation {
  messages: number;
  kind: { hits: number; total: number };
  category: { hits: number; total: number };
  department: { hits: number; total: number };
  /** Chatter and nonsense kept out of tickets. */
  chatter: { hits: number; total: number };
  /** Reports the model would ask about (ambiguous), and how often its first reading was right anyway. */
  ambiguous: { hits: number; total: number };
  /** Reports where the expected kind is among the readings offered (first or alternatives). */
  offered: { hits: number; total: number };
  /** confusion[expected][predicted], kinds plus 'none'. */
  confusion: Record<string, Record<string, number>>;
  /** categoryConfusion[expected][predicted] over reports with a labelled category ('-': none read). */
  categoryConfusion: Record<string, Record<string, number>>;
  misses: string[];
}

export interface GateEvaluation {
  messages: number;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  misses: string[];
}

/** Scores understand() on labelled owner messages (the test split, for the published figures). */
export function evaluateOwner(rows: readonly LabelledMessage[]): Evaluation {
  const labels = [...TICKET_KINDS, 'none'];
  const confusion = Object.fromEntries(labels.map((a) => [a, Object.fromEntries(labels.map((b) => [b, 0]))]));
  const e: Evaluation = {
    messages: rows.length,
    kind: { hits: 0, total: 0 },
    category: { hits: 0, total: 0 },
    department: { hits: 0, total: 0 },
    chatter: { hits: 0, total: 0 },
    ambiguous: { hits: 0, total: 0 },
    offered: { hits: 0, total: 0 },
    confusion,
    categoryConfusion: {},
    misses: [],
  };
  for (const r of rows) {
    const u = understand(normalizeText(r.text).text);
    const kind = u.kind ?? 'none';
    confusion[r.kind]![kind]! += 1;
    const wrong: string[] = [];
    if (r.kind === 'none') {
      e.chatter.total++;
      if (!u.isReport) e.chatter.hits++;
      else wrong.push(`kind ${kind}`);
    } else {
      e.kind.total++;
      if (kind === r.kind) e.kind.hits++;
      e.offered.total++;
      if (u.alternatives.some((a) => a.kind === r.kind)) e.offered.hits++;
      if (u.ambiguous) {
        e.ambiguous.total++;
        if (kind === r.kind) e.ambiguous.hits++;
      }
      if (kind !== r.kind) wrong.push(`kind ${kind}≠${r.kind}${u.ambiguous ? ' (asked)' : ''}`);
      if (r.category) {
        const row = (e.categoryConfusion[r.category] ??= {});
        row[u.category ?? '-'] = (row[u.category ?? '-'] ?? 0) + 1;
        e.category.total++;
        if (u.category === r.category) e.category.hits++;
        else wrong.push(`category ${u.category}≠${r.category}`);
      }
      if (r.department) {
        e.department.total++;
        if (u.department === r.department) e.department.hits++;
        else wrong.push(`department ${u.department}≠${r.department}`);
      }
    }
    if (wrong.length) e.misses.push(`${r.text} → ${wrong.join(', ')}`);
  }
  return e;
}

/** Scores the owners'-group gate: precision and recall of "report" on labelled group messages. */
export function evaluateGate(rows: readonly GroupMessage[]): GateEvaluation {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const misses: string[] = [];
  for (const r of rows) {
    const picked = isGroupReport(normalizeText(r.text).text);
    if (picked && r.report) tp++;
    else if (picked) {
      fp++;
      misses.push(`chatter picked up: ${r.text}`);
    } else if (r.report) {
      fn++;
      misses.push(`report missed: ${r.text}`);
    }
  }
  return {
    messages: rows.length,
    tp,
    fp,
    fn,
    precision: tp + fp ? tp / (tp + fp) : 1,
    recall: tp + fn ? tp / (tp + fn) : 1,
    misses,
  };
}

export const pct = (x: { hits: number; total: number }) =>
  `${x.hits}/${x.total} = ${((100 * x.hits) / (x.total || 1)).toFixed(1)}%`;

/** Recall per category, worst first, with what each was mistaken for: "garbage 54/78 (elevator 8, pets 6)". */
export function categoryRecall(e: Evaluation): string[] {
  return Object.entries(e.categoryConfusion)
    .map(([c, row]) => {
      const total = Object.values(row).reduce((a, b) => a + b, 0);
      const hits = row[c] ?? 0;
      const wrong = Object.entries(row)
        .filter(([p]) => p !== c)
        .sort((a, b) => b[1] - a[1])
        .map(([p, n]) => `${p} ${n}`);
      return { c, hits, total, line: `${c} ${hits}/${total}${wrong.length ? ` (${wrong.join(', ')})` : ''}` };
    })
    .sort((a, b) => a.hits / a.total - b.hits / b.total || a.c.localeCompare(b.c))
    .map((x) => x.line);
}
