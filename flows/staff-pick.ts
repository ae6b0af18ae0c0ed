import type { Flow, FlowData } from '../src/chat/flow-engine.js';
import { fireStaffVerb, verbWord } from '../src/chat/commands/staff-fire.js';
import type { TicketEventName } from '../src/domain/ticket-states.js';
import { findTicketNumber } from '../src/chat/text/ticket-ref.js';
import { numbered } from './common.js';

/** The only one (BX…-0001 and QZ…-0001 both end in 0001: then neither). */
const oneOf = (found: string[]) => (found.length === 1 ? found[0] : undefined);

export interface StaffPickData extends FlowData {
  verb: TicketEventName;
  /** What the worker said after the verb (a fee, a reason). */
  rest: string;
  numbers: string[];
  /** The orders as listed (number, place, what). */
  lines: string[];
  picked?: string;
}

/**
 * "收到" or "搞定了" while several of the worker's orders could be meant: one numbered question;
 * the worker answers with the list number, the order's number or its last digits ("0002到场").
 */
export const staffPickFlow: Flow<StaffPickData> = {
  name: 'staff_pick',
  wayOut: 'flow.way_out_staff',
  next: (d) => (d.picked ? undefined : 'pick'),
  steps: {
    pick: {
      prompt: (ctx, d) =>
        ctx.t('staff.which_of', { verb: verbWord(ctx, d.verb), options: numbered(d.lines) }),
      accept: (_ctx, text, d) => {
        const n = /^\s*(\d{1,2})\s*$/.exec(text);
        const named = findTicketNumber(text);
        // "0002到场", "0001 到了": the last digits of one of the listed orders
        const short = named ? undefined : /^\s*(\d{3,4})(?!\d)/.exec(text)?.[1]?.padStart(4, '0');
        const picked = n
          ? d.numbers[Number(n[1]) - 1]
          : named
            ? d.numbers.find((x) => x === named)
            : short && oneOf(d.numbers.filter((x) => x.endsWith(`-${short}`)));
        return picked ? { ok: true, data: { picked } } : { ok: false, reason: 'flow.pick_number' };
      },
    },
  },
  async finish(ctx, d) {
    await fireStaffVerb(ctx, d.verb, d.picked!, d.rest);
  },
};
