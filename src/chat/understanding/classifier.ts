import nlpjsNeural from '@nlpjs/neural';
import { features, type Features } from './features.js';

const { NeuralNetwork } = nlpjsNeural;

export interface Scored<L extends string> {
  label: L;
  /** Share of the evidence, 0..1; the shares of one text sum to 1 (0 when nothing fires). */
  p: number;
}

export interface TrainOptions {
  /** Passes over the examples. */
  iterations: number;
  /** A feature seen in fewer training texts is dropped (smaller model, less overfitting). */
  minCount: number;
}

const DEFAULTS: TrainOptions = { iterations: 80, minCount: 2 };

/**
 * A text classifier over character n-grams: one linear unit per label, trained by @nlpjs/neural
 * (the classifier behind nlp.js intents). Deterministic: the same examples give the same weights,
 * so the shipped model (flows/corpus/model.json) can be rebuilt and compared.
 */
export class TextClassifier<L extends string> {
  private constructor(private readonly net: InstanceType<typeof NeuralNetwork>) {}

  static train<L extends string>(
    examples: ReadonlyArray<{ text: string; label: L }>,
    options: Partial<TrainOptions> = {},
  ): TextClassifier<L> {
    const { iterations, minCount } = { ...DEFAULTS, ...options };
    const inputs = examples.map((e) => features(e.text));
    const seen = new Map<string, number>();
    for (const f of inputs) for (const k of Object.keys(f)) seen.set(k, (seen.get(k) ?? 0) + 1);
    const net = new NeuralNetwork({ iterations, log: false });
    net.train(
      inputs.map((f, i) => {
        const kept: Features = {};
        for (const [k, v] of Object.entries(f)) if (seen.get(k)! >= minCount) kept[k] = v;
        return { input: kept, output: { [examples[i]!.label]: 1 } };
      }),
    );
    return new TextClassifier<L>(net);
  }

  static fromJSON<L extends string>(json: unknown): TextClassifier<L> {
    const net = new NeuralNetwork();
    net.fromJSON(json);
    return new TextClassifier<L>(net);
  }

  /** Every label with its raw output (one-vs-rest units trained towards 1 for their label). */
  outputs(text: string): Array<[L, number]> {
    return Object.entries(this.net.run(features(text)) ?? {}) as Array<[L, number]>;
  }

  /**
   * Every label with its probability, best first. Without a temperature: each unit's share of the
   * summed outputs (over-confident: one weak unit alone gets 1). With one: a softmax of the outputs
   * divided by it, so weak or split evidence gives a low probability (the temperature is fitted on
   * a dev split, see flows/corpus/dev-split.ts).
   */
  classify(text: string, temperature?: number): Scored<L>[] {
    const entries = this.outputs(text);
    let ps: number[];
    if (temperature) {
      const top = Math.max(...entries.map(([, v]) => v));
      const ex = entries.map(([, v]) => Math.exp((v - top) / temperature));
      const sum = ex.reduce((a, b) => a + b, 0);
      ps = ex.map((e) => e / sum);
    } else {
      const total = entries.reduce((s, [, v]) => s + v, 0);
      ps = entries.map(([, v]) => (total > 0 ? v / total : 0));
    }
    return entries
      .map(([label], i) => ({ label, p: ps[i]! }))
      .sort((a, b) => b.p - a.p || (a.label < b.label ? -1 : 1));
  }

  /** The weights, rounded so the stored model stays small and byte-for-byte reproducible. */
  toJSON(): unknown {
    const json = this.net.toJSON() as { perceptrons?: number[][] };
    if (json.perceptrons)
      json.perceptrons = json.perceptrons.map((ws) => ws.map((w) => Math.round(w * 1e4) / 1e4));
    return json;
  }
}
