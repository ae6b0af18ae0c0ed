import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../paths.js';
import { normalizeText } from '../text/normalize.js';
import type { TicketKind } from '../../domain/roles.js';
import { TextClassifier, type TrainOptions } from './classifier.js';
import { setFeatureHints } from './features.js';
import { lexicon, readable } from '../understand.js';
import type { GroupMessage, LabelledMessage } from './corpus.js';
import type { Category } from './labels.js';

export type KindLabel = TicketKind | 'none';
export type GateLabel = 'report' | 'chatter';

export interface Models {
  /** What the owner wants: one of the six kinds, or 'none' for chatter and nonsense. */
  kind: TextClassifier<KindLabel>;
  /** What it is about. */
  category: TextClassifier<Category>;
  /** In an owners' group: a report for the property, or chatter among neighbours. */
  gate: TextClassifier<GateLabel>;
}

export const MODEL_FILE = join(projectRoot, 'flows', 'corpus', 'model.json');
export const CORPUS_FILES = ['understanding.tsv', 'group-messages.tsv'].map((f) =>
  join(projectRoot, 'flows', 'corpus', f),
);

/** What the classifiers read, in training as at run time (understand() reads readable text too). */
const norm = (text: string) => readable(normalizeText(text).text);

/** How often each owners'-group message is repeated in the gate's training set (chosen on the dev split). */
export const GROUP_WEIGHT = Number(process.env.GATE_GROUP_WEIGHT ?? 3);

/** The lexicon's topic words become features ("#cat:elevator"): the model learns how far to trust them. */
setFeatureHints((text) =>
  lexicon()
    .categories.filter((c) => c.words.some((w) => text.includes(w)))
    .map((c) => `#cat:${c.id}`),
);

/** Trains the three classifiers from labelled messages (the train split, for the shipped model). */
export function trainModels(
  owner: readonly LabelledMessage[],
  group: readonly GroupMessage[],
  options: Partial<TrainOptions> = {},
): Models {
  const kind = TextClassifier.train<KindLabel>(
    owner.map((m) => ({ text: norm(m.text), label: m.kind })),
    options,
  );
  const category = TextClassifier.train<Category>(
    owner.filter((m) => m.category).map((m) => ({ text: norm(m.text), label: m.category! })),
    options,
  );
  const report = (yes: boolean): GateLabel => (yes ? 'report' : 'chatter');
  const gate = TextClassifier.train<GateLabel>(
    [
      ...owner.map((m) => ({ text: norm(m.text), label: report(m.kind !== 'none') })),
      // Group messages count GROUP_WEIGHT times: neighbours' chatter is rare among owner messages.
      ...Array.from({ length: GROUP_WEIGHT }, () =>
        group.map((m) => ({ text: norm(m.text), label: report(m.report) })),
      ).flat(),
    ],
    options,
  );
  return { kind, category, gate };
}

/** A fingerprint of the corpus files, stored with the model so a stale model is noticed. */
export function corpusHash(): string {
  const h = createHash('sha256');
  for (const f of CORPUS_FILES) h.update(readFileSync(f));
  return h.digest('hex').slice(0, 16);
}

export interface StoredModel {
  corpus: string;
  kind: unknown;
  category: unknown;
  gate: unknown;
}

export const serializeModels = (m: Models, corpus: string): StoredModel => ({
  corpus,
  kind: m.kind.toJSON(),
  category: m.category.toJSON(),
  gate: m.gate.toJSON(),
});

let cached: Models | undefined;

/** The shipped models (flows/corpus/model.json, built by `npm run train:understanding`), loaded once. */
export function models(): Models {
  if (!cached) {
    const stored = JSON.parse(readFileSync(MODEL_FILE, 'utf8')) as StoredModel;
    cached = {
      kind: TextClassifier.fromJSON(stored.kind),
      category: TextClassifier.fromJSON(stored.category),
      gate: TextClassifier.fromJSON(stored.gate),
    };
  }
  return cached;
}
