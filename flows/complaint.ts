import type { Flow, FlowData } from '../src/chat/flow-engine.js';
import { check, descriptionSchema, pickOption, confirms, type OwnerUnit } from './common.js';
import { createFromFlow } from './create-ticket.js';
import { findStaffNamed } from './staff-names.js';

export interface ComplaintData extends FlowData {
  description?: string;
  subjectText?: string;
  subjectAsked?: boolean;
  units: OwnerUnit[];
  confirmed?: boolean;
}

/** Wanting to change the summary without saying what. */
const CHANGE = /改|更正|不对|补充|重新说|重说/;
const SKIP = /^(跳过|不清楚|不知道|没有|无|skip|no)$/i;

/**
 * 投诉: the apology comes first (seed 002 appendix 2), then what happened, whom or what it is
 * about, evidence (photos at any step), a summary to confirm. Routed to the customer-service
 * supervisor, who classifies it.
 */
export const complaintFlow: Flow<ComplaintData> = {
  name: 'complaint',
  acceptsPhotos: true,
  asides: true,
  summaryStep: 'confirm',
  next(d) {
    if (!d.description) return 'description';
    if (!d.subjectAsked) return 'subject';
    if (!d.confirmed) return 'confirm';
    return undefined;
  },
  steps: {
    description: {
      prompt: (ctx) => ctx.t('flow.complaint.ask_description'),
      takesQuestions: true,
      accept: (ctx) => check(descriptionSchema, ctx.original, (description) => ({ description })),
    },
    subject: {
      freeText: true,
      prompt: (ctx) => ctx.t('flow.complaint.ask_subject'),
      accept: (ctx, text) =>
        SKIP.test(text)
          ? { ok: true, data: { subjectAsked: true } }
          : check(descriptionSchema, ctx.original, (subjectText) => ({ subjectText, subjectAsked: true })),
    },
    confirm: {
      prompt: (ctx, d) =>
        ctx.t('flow.complaint.summary', {
          description: d.description,
          subject: d.subjectText ?? ctx.t('notify.none'),
          photos: d.photos?.length ?? 0,
        }),
      accept: (_ctx, text) => {
        if (confirms(text)) return { ok: true, data: { confirmed: true } };
        // a complaint has no time or phone to change: only what happened and whom it concerns
        const edit = pickOption(text, [
          { value: 'description', words: ['经过', '描述', '内容', '事情'] },
          { value: 'subject', words: ['涉及', '对象', '员工', '哪位'] },
        ]);
        // "等等 我想改一下": a change without saying which is a change of what happened
        if (edit === 'description' || (!edit && CHANGE.test(text)))
          return { ok: true, data: { description: undefined }, goto: 'description' };
        if (edit === 'subject')
          return { ok: true, data: { subjectText: undefined, subjectAsked: false }, goto: 'subject' };
        return { ok: false, reason: 'flow.complaint.confirm_again' };
      },
    },
  },
  async finish(ctx, d, sourceKey) {
    const about = `${d.subjectText ?? ''} ${d.description ?? ''}`;
    const person = await findStaffNamed(ctx.actor!.communityId!, about);
    const ticket = await createFromFlow(ctx, sourceKey, d, {
      kind: 'complaint',
      scope: d.units[0] ? 'in_unit' : 'public',
      unitId: d.units[0]?.id,
      location: d.units[0] ? undefined : ctx.t('flow.unknown_place'),
      description: d.description!,
      subject: { personId: person?.id, text: d.subjectText },
    });
    await ctx.say('flow.complaint.created', { number: ticket.number }, { ticketNumber: ticket.number });
  },
};
