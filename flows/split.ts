import type { Flow, FlowData } from '../src/chat/flow-engine.js';
import { startReport } from '../src/chat/intake.js';
import { problemList } from '../src/chat/several-problems.js';
import type { Problem } from '../src/chat/understanding/problems.js';

/** "分开登记", "两个都要修", "separately": registered apart. */
const APART = /^(?:请|麻烦)?(?:分开|分别|两个|两件|两单|各|都要)|^separate|^both/i;
/** "算一件事", "一起", "one": one problem. */
const ONE = /^(?:算|就)?(?:一件|一个|一单|一起|同一)|^(?:just\s+)?one\b|^together/i;

export interface SplitData extends FlowData {
  /** The message, normalised and as written. */
  text: string;
  original: string;
  problems: Problem[];
  /** 1: registered apart, 2: one problem. */
  picked?: 1 | 2;
  /** The owner answered with words instead of a number: read those instead. */
  retold?: { text: string; original: string };
}

/**
 * One numbered question when a message may tell two problems or one told at length ("厨房下水道堵了
 * 楼道里垃圾好几天没人收"): "1. 分开登记 2. 算作一件事". Either way nothing is dropped: one
 * problem keeps the whole message as its description.
 */
export const splitFlow: Flow<SplitData> = {
  name: 'split',
  handsOver: true,
  next: (d) => (d.picked || d.retold ? undefined : 'pick'),
  steps: {
    pick: {
      prompt: (ctx, d) =>
        ctx.t('intake.split_ask', { count: d.problems.length, list: problemList(ctx, d.problems) }),
      accept: (ctx, text) => {
        const n = /^\s*(\d{1,2})\s*$/.exec(text);
        if (n) {
          const i = Number(n[1]);
          return i === 1 || i === 2
            ? { ok: true, data: { picked: i } }
            : { ok: false, reason: 'flow.pick_number' };
        }
        if (APART.test(text)) return { ok: true, data: { picked: 1 } };
        if (ONE.test(text)) return { ok: true, data: { picked: 2 } };
        return { ok: true, data: { retold: { text, original: ctx.original } } };
      },
    },
  },
  async finish(ctx, d, _sourceKey, engine) {
    const told = d.retold
      ? d.retold
      : d.picked === 1
        ? { text: d.text, original: d.original, problems: d.problems }
        : { text: d.text, original: d.original, oneProblem: true, asked: true };
    const started = await startReport(ctx, engine, undefined, told);
    if (!started) await ctx.say('chat.not_understood');
  },
};
