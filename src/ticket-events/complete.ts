import { z } from 'zod';
import { DISPATCHABLE } from '../domain/ticket-states.js';
import { money, note } from '../services/schemas.js';
import { inputRules } from '../services/input-rules.js';
import { defineEvent, STAGES_ENDED } from './define.js';
import { feeLinesIn } from './money-text.js';

const fees = z
  .array(z.object({ item: z.string().trim().min(1).max(100), amount: money }).strict())
  .max(50)
  .default([]);
const materials = z
  .array(
    z
      .object({
        name: z.string().trim().min(1).max(100),
        quantity: z.number().positive().max(10_000).default(1),
        ownerSupplied: z.boolean().default(false),
        verdict: z.string().max(200).optional(),
      })
      .strict(),
  )
  .max(50)
  .default([]);

/** Whether the owner pays for the completion: fees on an in-unit repair. */
const billed = (t: { scope?: string | null }, data?: Record<string, unknown> | null) =>
  t.scope !== 'public' && Number(data?.fees ?? 0) > 0;

/** 完工: the actual item, fees and materials; the owner hears what was done and the fee, and rates. */
export const complete = defineEvent({
  name: 'complete',
  summary: 'Complete (完工)',
  input: z
    .object({
      actualItem: z.string().trim().max(200).optional(),
      note: note.optional(),
      fees,
      materials,
    })
    .strict(),
  transitions: [{ from: ['on_site'], to: 'completed', who: ['assignee', 'admin'], kinds: DISPATCHABLE }],
  effect: (c, _t, d) => ({
    set: { completedAt: c.now, actualItem: d.actualItem, fees: d.fees, materials: d.materials },
    note: d.note,
    data: { fees: Math.round(d.fees.reduce((sum, f) => sum + f.amount, 0) * 100) / 100 },
  }),
  clocks: (s, sla, calendar) => ({
    ...STAGES_ENDED,
    callbackBy: calendar.addWorkingDays(s.now, sla.callbackWorkingDays),
  }),
  notices: [
    // a public facility is repaired free (domain.md): its material costs are the property's,
    // recorded on the order, never shown to the owner who reported it as a charge
    { to: 'reporter', key: 'notice.completed_fee', when: (h) => billed(h.ticket, h.data) },
    { to: 'reporter', key: 'notice.completed', when: (h) => !billed(h.ticket, h.data) },
    { to: 'linked_reporters', key: 'notice.completed_linked' },
    // reported in an owners' group by a member without a binding: told there
    { to: 'reporting_group', key: 'notice.completed_group', when: (h) => !h.ticket.reporterId },
  ],
  http: { action: 'complete' },
  form: [
    { name: 'actualItem', type: 'text' },
    { name: 'fees', type: 'fees' },
    { name: 'materials', type: 'materials' },
    { name: 'note', type: 'textarea' },
  ],
  chat: {
    // "修好了" on an accepted order: the worker came and finished without saying 到场
    implied: ['on_site', 'accepted'],
    via: { accepted: 'arrive' },
    parse(a) {
      const fee = feeLinesIn(a.rest);
      if (fee.invalid)
        return { error: 'money.invalid', params: { text: fee.invalid, max: inputRules.moneyMax } };
      // the item as the worker wrote it ("换了灯泡，费用 20" → "换了灯泡"), without the comma
      // that stood before the fee
      const written = feeLinesIn(a.written);
      const said = JSON.stringify(written.lines) === JSON.stringify(fee.lines) ? written.rest : fee.rest;
      const item = said
        .replace(/@\S+/g, '')
        .replace(/^[\s,，。;；、:：]+|[\s,，。;；、:：]+$/g, '')
        .slice(0, 200);
      return {
        input: {
          actualItem: item || undefined,
          fees: fee.lines.map((l) => ({
            item: l.label ?? (item || a.t('staff.fee_item')),
            amount: l.amount,
          })),
          materials: [],
        },
      };
    },
  },
});
