import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_ANSWERS } from '../../demo/knowledge-data.js';
import { projectRoot } from '../../paths.js';
import { bestAnswer } from '../../services/knowledge-service.js';
import { normalizeText } from '../text/normalize.js';

/** One labelled owner question: the topic that answers it, or undefined when none should. */
export interface LabelledQuestion {
  text: string;
  topic?: string;
}

/** The labelled questions of a file in flows/ (knowledge-heldback.tsv: only ever measured). */
export function loadQuestions(file = 'knowledge-questions.tsv'): LabelledQuestion[] {
  return readFileSync(join(projectRoot, 'flows', file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => {
      const [text, topic] = l.split('\t');
      return { text: text!, topic: topic && topic !== '-' ? topic : undefined };
    });
}

/** A fixed-seed shuffle (mulberry32), so the split is the same on every run. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let a = seed >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export const SPLIT_SEED = 11;

/** 60% train, 40% test, once, by the fixed seed. */
export function split(questions: readonly LabelledQuestion[]) {
  const s = shuffled(questions, SPLIT_SEED);
  const cut = Math.round(s.length * 0.6);
  return { train: s.slice(0, cut), test: s.slice(cut) };
}

const answers = DEMO_ANSWERS.map((a) => ({ ...a, id: a.topic }));

/** Each question's best topic and similarity against the demo knowledge base. */
export function scored(questions: readonly LabelledQuestion[]) {
  return questions.map((q) => {
    const best = bestAnswer(answers, normalizeText(q.text).text);
    return { ...q, got: best?.topic, score: best?.score ?? 0 };
  });
}

export interface Measure {
  threshold: number;
  answered: number;
  correct: number;
  /** Correct answers among those given. */
  precision: number;
  /** Answerable questions answered correctly. */
  recall: number;
  /** Questions with no answer that were nevertheless answered. */
  falseAnswers: number;
}

export function measure(rows: ReturnType<typeof scored>, threshold: number): Measure {
  const answered = rows.filter((r) => r.score >= threshold);
  const correct = answered.filter((r) => r.topic && r.got === r.topic).length;
  const answerable = rows.filter((r) => r.topic).length;
  return {
    threshold,
    answered: answered.length,
    correct,
    precision: answered.length ? correct / answered.length : 1,
    recall: answerable ? correct / answerable : 1,
    falseAnswers: answered.filter((r) => !r.topic).length,
  };
}

/**
 * The threshold that maximises F0.5 on the given (train) rows: a wrong answer costs the owner
 * more than an inquiry ticket the desk answers, so precision weighs double.
 */
export function chooseThreshold(rows: ReturnType<typeof scored>): number {
  let best = { t: 0, f: -1 };
  for (let i = 5; i <= 95; i++) {
    const t = i / 100;
    const m = measure(rows, t);
    const b2 = 0.25;
    const f =
      m.precision + m.recall ? ((1 + b2) * m.precision * m.recall) / (b2 * m.precision + m.recall) : 0;
    if (f > best.f + 1e-9) best = { t, f };
  }
  return best.t;
}
