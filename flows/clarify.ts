import type { Flow, FlowData } from '../src/chat/flow-engine.js';
import { startReport } from '../src/chat/intake.js';
import type { Reading } from '../src/chat/readings.js';
import { numbered } from './common.js';

export interface ClarifyData extends FlowData {
  /** The unsure message, normalised and as written. */
  text: string;
  original: string;
  readings: Reading[];
  picked?: number;
  /** The owner answered with words instead of a number: read those instead. */
  retold?: { text: string; original: string };
}

/**
 * One numbered question when the reading of a message is unsure: "您是想 1. 报修（水管/下水）
 * 2. 投诉 3. 咨询". A number starts that report with the first message as its description; words
 * are read as a new first message. Never a dead end, never a ticket on a guess.
 */
export const clarifyFlow: Flow<ClarifyData> = {
  name: 'clarify',
  handsOver: true,
  next: (d) => (d.picked || d.retold ? undefined : 'pick'),
  steps: {
    pick: {
      prompt: (ctx, d) =>
        ctx.t('intake.clarify', {
          options: numbered(
            d.readings.map((r) =>
              r.category
                ? ctx.t('intake.reading_category', {
                    kind: ctx.t(`ticket.kind.${r.kind}`),
                    category: ctx.t(`category.${r.category}`),
                  })
                : ctx.t(`ticket.kind.${r.kind}`),
            ),
          ),
        }),
      accept: (ctx, text, d) => {
        const n = /^\s*(\d{1,2})\s*$/.exec(text);
        if (n) {
          const i = Number(n[1]);
          return i >= 1 && i <= d.readings.length
            ? { ok: true, data: { picked: i } }
            : { ok: false, reason: 'flow.pick_number' };
        }
        return { ok: true, data: { retold: { text, original: ctx.original } } };
      },
    },
  },
  async finish(ctx, d, _sourceKey, engine) {
    const reading = d.picked ? d.readings[d.picked - 1] : undefined;
    const told = reading ? { text: d.text, original: d.original } : d.retold!;
    const started = await startReport(ctx, engine, undefined, { ...told, reading, asked: true });
    if (!started) await ctx.say('chat.not_understood');
  },
};
