import { command } from '../../chat/command.js';
import type { ChatContext } from '../../chat/context.js';
import { FlowEngine } from '../../chat/flow-engine.js';
import { FLOWS } from '../../../flows/index.js';
import { visitRole } from '../visit-service.js';
import { unitFor, visitService, type VisitFlowData } from './visit-flow.js';
import { readVisitCommand, type VisitCommand } from './visit-text.js';

/** How many households one answer lists (the rest are counted). */
const LIST_MAX = 30;

async function remaining(ctx: ChatContext) {
  const r = await visitService(ctx).remaining(ctx.actor!, {});
  const blocks = r.zones.map((z) => {
    const shown = z.remaining.slice(0, LIST_MAX).map((u) => (u.key ? `${u.unit}★` : u.unit));
    const more = z.remaining.length - shown.length;
    return ctx.t(z.remaining.length ? 'visits.chat.zone_left' : 'visits.chat.zone_done', {
      zone: z.zone,
      visited: z.visited,
      due: z.due,
      left: z.remaining.length,
      units: shown.join('、') + (more > 0 ? ctx.t('visits.chat.and_more', { count: more }) : ''),
    });
  });
  await ctx.say(
    r.role === 'supervisor' ? 'visits.chat.left_supervisor' : 'visits.chat.left_assistant',
    { month: r.month, dueDay: r.dueDay, zones: blocks.join('\n\n') || ctx.t('visits.none') },
    { private: ctx.inGroup },
  );
}

/**
 * 拜访: records a household visit (the zone's assistant, the supervisor), in one line
 * ("拜访 3-2-1201 上门 业主说楼道灯坏了") or guided; 本月拜访: the households still to visit.
 */
export const visitCommand = command<VisitCommand>({
  name: 'visit',
  match: ({ text }) => readVisitCommand(text, text),
  async handle(ctx, parsed) {
    if (!ctx.actor || !ctx.isStaff) return false;
    if (!visitRole(ctx.actor)) {
      await ctx.say('visits.chat.not_for_you', {}, { private: ctx.inGroup });
      return true;
    }
    if (parsed.list) return void (await remaining(ctx));
    const read = readVisitCommand(ctx.text, ctx.original) ?? parsed;
    const data: VisitFlowData = {};
    if (read.unit) {
      const r = await unitFor(ctx, read.unit);
      if (!r.ok) {
        await ctx.say(r.reason, r.params as Record<string, unknown>, { private: ctx.inGroup });
        return true;
      }
      Object.assign(data, { unitId: r.unitId, unit: r.unit });
    }
    if (read.method) data.method = read.method;
    if (read.notes !== undefined) data.notes = read.notes;
    if (read.issues) Object.assign(data, { issues: read.issues, issuesAsked: true });
    const engine = new FlowEngine(FLOWS, ctx.services.config.bot.flowIdleTimeout);
    await engine.begin(ctx, 'visit', data, { private: ctx.inGroup });
    return true;
  },
});
