import { command } from '../chat/command.js';
import { FlowEngine } from '../chat/flow-engine.js';
import { hasRole } from '../domain/actor.js';
import { FLOWS } from '../../flows/index.js';
import { draftFrom, NOTICE_WRITERS } from './chat-flow.js';
import { parseNoticeCommand } from './draft.js';

/**
 * 发通知: a zone manager, the CS supervisor or the desk writes a notice in chat ("发通知 3栋
 * 明天9点到12点停水 管道维修"); what is missing is asked, a preview with how many it reaches is
 * confirmed, then it goes out. Where: a direct chat, or a staff group (continued privately);
 * never an owners' group. Who: NOTICE_WRITERS; a zone manager inside their zones.
 */
export const noticeCommand = command<{ rest: string }>({
  name: 'notice',
  match: ({ text, roomPurpose, inGroup }) =>
    inGroup && roomPurpose === 'owners' ? undefined : parseNoticeCommand(text),
  async handle(ctx, { rest }) {
    if (!ctx.actor?.communityId || !ctx.isStaff) return false;
    if (!hasRole(ctx.actor, ...NOTICE_WRITERS)) {
      await ctx.say('announcements.chat.not_for_you');
      return true;
    }
    const { draft, problem } = await draftFrom(ctx, rest);
    if (problem) await ctx.say(problem.reason, problem.params, { private: true });
    const engine = new FlowEngine(FLOWS, ctx.services.config.bot.flowIdleTimeout);
    await engine.begin(ctx, 'notice', draft, { private: ctx.inGroup });
    return true;
  },
});
