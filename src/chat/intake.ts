import type { TicketKind } from '../domain/roles.js';
import { hasSubstance, ownerProfile } from '../../flows/common.js';
import type { ChatContext } from './context.js';
import type { FlowEngine } from './flow-engine.js';
import { chosen, understand, type Understanding } from './understand.js';

/** The menu's numbered choices (帮助 lists them). */
export const MENU: readonly TicketKind[] = ['repair', 'complaint', 'help', 'inquiry', 'suggestion', 'praise'];

/**
 * Starts the right flow for a new report: understood from the text, or picked from the menu.
 * In a group, only a public-facility repair is handled in the group; anything private continues
 * in a direct chat.
 */
export async function startReport(
  ctx: ChatContext,
  flows: FlowEngine,
  picked?: TicketKind,
): Promise<boolean> {
  const u: Understanding = picked ? chosen(picked) : understand(ctx.text);
  if (!u.kind) return false;
  if (!ctx.actor) {
    await ctx.say('chat.bind_first', {}, { private: true });
    return true;
  }
  if (!ctx.isResident) {
    await ctx.say('chat.residents_only');
    return true;
  }
  const { units, phone } = await ownerProfile(ctx);
  const description = !picked && hasSubstance(ctx.text) ? ctx.original : undefined;
  if (u.kind === 'repair') {
    const data = {
      description,
      category: u.category,
      department: u.department,
      scope: u.scope,
      location: u.location,
      units,
      unitId: units.length === 1 ? units[0]!.id : undefined,
      urgency: u.urgent ? ('urgent' as const) : undefined,
      timeAsked: u.urgent,
      phone,
      photos: [],
    };
    const privately = ctx.inGroup && u.scope !== 'public';
    if (privately) await ctx.say('chat.continue_private');
    await flows.begin(ctx, 'repair', data, { private: privately });
    return true;
  }
  if (u.kind === 'complaint') {
    await ctx.say('flow.complaint.sorry', {}, { private: ctx.inGroup });
    await flows.begin(ctx, 'complaint', { description, units, photos: [] }, { private: ctx.inGroup });
    return true;
  }
  await flows.begin(
    ctx,
    'feedback',
    { kind: u.kind, description, category: u.category, department: u.department, units, photos: [] },
    { private: ctx.inGroup && u.kind !== 'praise' },
  );
  return true;
}
