import type { Flow, FlowData } from '../src/chat/flow-engine.js';
import type { Department } from '../src/domain/roles.js';
import { check, descriptionSchema, type OwnerUnit } from './common.js';
import { createFromFlow } from './create-ticket.js';
import { findStaffNamed } from './staff-names.js';

export interface FeedbackData extends FlowData {
  kind: 'help' | 'inquiry' | 'suggestion' | 'praise';
  description?: string;
  category?: string;
  department?: Department;
  units: OwnerUnit[];
  /** A help request about a public place ("3栋电梯关人了", a car in the fire passage): where. */
  location?: string;
  /** Whom to call back: the number said in the message, or the one on the owner's record. */
  phone?: string;
}

/**
 * 求助 / 咨询 / 建议 / 表扬: registered as numbered tickets too (the manuals register every
 * report). One question at most: what it is about. Praise that names a worker is recorded on the
 * ticket's subject for zone scoring.
 */
export const feedbackFlow: Flow<FeedbackData> = {
  name: 'feedback',
  acceptsPhotos: true,
  asides: true,
  next: (d) => (d.description ? undefined : 'description'),
  steps: {
    description: {
      prompt: (ctx, d) => ctx.t(`flow.feedback.ask_${d.kind}`),
      takesQuestions: true,
      accept: (ctx) => check(descriptionSchema, ctx.original, (description) => ({ description })),
    },
  },
  async finish(ctx, d, sourceKey) {
    const named =
      d.kind === 'praise' ? await findStaffNamed(ctx.actor!.communityId!, d.description!) : undefined;
    const department: Department | undefined =
      d.kind === 'help' ? (d.department ?? 'security') : (d.department ?? 'customer_service');
    const ticket = await createFromFlow(ctx, sourceKey, d, {
      kind: d.kind,
      department,
      category: d.category,
      // a public place named in the request is where help goes, not the owner's home
      scope: d.units[0] && !d.location ? 'in_unit' : 'public',
      unitId: d.location ? undefined : d.units[0]?.id,
      location: d.location ?? (d.units[0] ? undefined : ctx.t('flow.unknown_place')),
      description: d.description!,
      urgency: d.kind === 'help' ? 'urgent' : 'normal',
      phone: d.kind === 'help' ? d.phone : undefined,
      subject: named ? { personId: named.id, text: named.name } : undefined,
    });
    await ctx.say(
      `flow.feedback.created_${d.kind}`,
      { number: ticket.number, name: named?.name ?? '' },
      { ticketNumber: ticket.number },
    );
  },
};
