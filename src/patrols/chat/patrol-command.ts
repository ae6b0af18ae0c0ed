import { FlowEngine } from '../../chat/flow-engine.js';
import { command } from '../../chat/command.js';
import type { ChatContext } from '../../chat/context.js';
import { Zone } from '../../data/models/index.js';
import { hasRole } from '../../domain/actor.js';
import type { PatrolKind } from '../checklist.js';
import { FLOWS } from '../../../flows/index.js';
import { onlyZone } from '../patrol-service.js';
import { zoneNamed } from './patrol-flow.js';

export interface PatrolCommand {
  /** Asked for explicitly (小组/周巡 → team, 主管 → supervisor); otherwise from the speaker's role. */
  kind?: PatrolKind;
  /** The rest of the text: a zone name, perhaps. */
  rest: string;
}

const VERB = /^(巡查|巡视|巡检|巡楼|日巡|周巡|小组巡检|团队巡检|主管巡检|patrol)(?![a-z])/i;

/** Pure: "巡查", "巡视 B区", "小组巡检 A区", "主管巡检", "patrol" (simplified text). */
export function parsePatrolCommand(text: string): PatrolCommand | undefined {
  const m = VERB.exec(text.trim());
  if (!m) return undefined;
  const rest = text.trim().slice(m[0].length).trim();
  if (rest.length > 8) return undefined; // a sentence that merely starts with the word
  const verb = m[1]!;
  const kind: PatrolKind | undefined = /小组|团队|周巡/.test(verb)
    ? 'team'
    : /主管/.test(verb)
      ? 'supervisor'
      : /日巡/.test(verb)
        ? 'daily'
        : /小组|团队/.test(rest)
          ? 'team'
          : undefined;
  return { kind, rest: rest.replace(/小组|团队/g, '').trim() };
}

function kindFor(ctx: ChatContext, asked: PatrolKind | undefined): PatrolKind | undefined {
  const actor = ctx.actor!;
  const supervisor = hasRole(actor, 'cs_supervisor', 'director');
  const manager = hasRole(actor, 'zone_manager');
  if (asked === 'supervisor' || (!asked && supervisor && !manager))
    return supervisor ? 'supervisor' : undefined;
  if (!manager) return undefined;
  return asked ?? 'daily';
}

/** 巡查: starts the patrol flow for a zone manager (daily or team) or the supervisor (weekly check). */
export const patrolCommand = command<PatrolCommand>({
  name: 'patrol',
  match: ({ text }) => parsePatrolCommand(text),
  async handle(ctx, parsed) {
    if (!ctx.actor || !ctx.isStaff) return false;
    const kind = kindFor(ctx, parsed.kind);
    if (!kind) {
      await ctx.say('patrols.chat.not_for_you');
      return true;
    }
    let zoneId = onlyZone(ctx.actor);
    let zoneName: string | undefined;
    if (parsed.rest) {
      const { hit, allowed } = await zoneNamed(ctx, parsed.rest);
      if (hit && !allowed) {
        await ctx.say('patrols.chat.not_your_zone', { zone: hit.name });
        return true;
      }
      if (hit) zoneId = String(hit._id);
    }
    if (zoneId) zoneName = (await Zone.findById(zoneId).lean())?.name;
    const engine = new FlowEngine(FLOWS, ctx.services.config.bot.flowIdleTimeout);
    await ctx.say('patrols.chat.started', { kind: ctx.t(`patrols.kind.${kind}`) });
    await engine.begin(ctx, 'patrol', { kind, zoneId, zoneName });
    return true;
  },
});
