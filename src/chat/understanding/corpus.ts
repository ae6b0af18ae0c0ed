import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../paths.js';
import type { Department, TicketKind } from '../../domain/roles.js';
import { departmentFor, type Category } from './labels.js';
import { normalizeText } from '../text/normalize.js';

export type Split = 'train' | 'test';

export interface LabelledMessage {
  id: string;
  group: string;
  split: Split;
  /** hand (written one by one), legacy (the first corpus), template (a core phrase wrapped), junk. */
  source: string;
  text: string;
  /** 'none': chatter or nonsense, never a ticket. */
  kind: TicketKind | 'none';
  category?: Category;
  department?: Department;
}

export interface GroupMessage {
  id: string;
  split: Split;
  text: string;
  report: boolean;
}

const corpusDir = join(projectRoot, 'flows', 'corpus');

function readTsv(file: string): Array<Record<string, string>> {
  const [header, ...lines] = readFileSync(join(corpusDir, file), 'utf8').split('\n');
  const names = header!.split('\t');
  return lines
    .filter((l) => l.trim())
    .map((l) => {
      const cells = l.split('\t');
      return Object.fromEntries(names.map((n, i) => [n, cells[i] ?? '']));
    });
}

/** flows/corpus/understanding.tsv: owner messages with labels and their fixed split. */
export function ownerCorpus(): LabelledMessage[] {
  return readTsv('understanding.tsv').map((r) => ({
    id: r.id!,
    group: r.group!,
    split: r.split as Split,
    source: r.source!,
    text: r.text!,
    kind: r.kind as LabelledMessage['kind'],
    category: (r.category || undefined) as Category | undefined,
    department: (r.department || undefined) as Department | undefined,
  }));
}

/** flows/corpus/group-messages.tsv: owners'-group messages, report or chatter, with their split. */
export function groupCorpus(): GroupMessage[] {
  return readTsv('group-messages.tsv').map((r) => ({
    id: r.id!,
    split: r.split as Split,
    text: r.text!,
    report: r.label === 'report',
  }));
}

function readLabelled(file: string): string[][] {
  return readFileSync(join(corpusDir, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => l.split('\t'));
}

/**
 * The held-back sets: flows/corpus/heldback-owner.tsv and heldback-group.tsv (the first),
 * heldback2-*.tsv (a second, written later by another hand). Owner messages and owners'-group
 * messages written apart from the corpus and NEVER used for training or tuning; scored by
 * `npm run eval:understanding` to see how the model generalises.
 */
export const HELD_BACK_SETS = ['heldback', 'heldback2'] as const;
export type HeldBackSet = (typeof HELD_BACK_SETS)[number];

/** Owner messages of a held-back set (`<set>-owner.tsv`): text, kind, category. */
export function heldBackOwner(set: HeldBackSet = 'heldback'): LabelledMessage[] {
  return readLabelled(`${set}-owner.tsv`).map(([text, kind, category], i) => {
    const k = kind as LabelledMessage['kind'];
    const c = category && category !== '-' ? (category as Category) : undefined;
    return {
      id: `${set}-${i}`,
      group: `${set}-${i}`,
      split: 'test',
      source: set,
      text: text!,
      kind: k,
      category: c,
      department: departmentFor(k === 'none' ? undefined : k, c, normalizeText(text!).text),
    };
  });
}

/** Owners'-group messages of a held-back set (`<set>-group.tsv`): text, report | chatter. */
export function heldBackGroup(set: HeldBackSet = 'heldback'): GroupMessage[] {
  return readLabelled(`${set}-group.tsv`).map(([text, label], i) => ({
    id: `${set}-group-${i}`,
    split: 'test',
    text: text!,
    report: label === 'report',
  }));
}
