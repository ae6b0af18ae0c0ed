import type { ChatContext } from './context.js';

/**
 * The ticket a member of staff is talking about in chat: the one they last looked at (详情, a
 * list of one) or named in a command. "派给 老张" right after "BX… 详情" means that ticket.
 * Kept in memory for the flow idle time; after a restart the number is asked again.
 */
const focus = new Map<string, { number: string; until: number }>();
const MAX_ENTRIES = 5000;

const keyOf = (ctx: ChatContext) => `${ctx.msg.platform}:${ctx.msg.talkerId}`;

export function setFocus(ctx: ChatContext, number: string): void {
  const key = keyOf(ctx);
  focus.delete(key);
  if (focus.size >= MAX_ENTRIES) focus.delete(focus.keys().next().value!);
  focus.set(key, { number, until: Date.now() + ctx.services.config.bot.flowIdleTimeout });
}

/** The ticket in focus, if it was set within the flow idle time. */
export function focusOf(ctx: ChatContext): string | undefined {
  const key = keyOf(ctx);
  const f = focus.get(key);
  if (f && f.until > Date.now()) return f.number;
  focus.delete(key);
  return undefined;
}
