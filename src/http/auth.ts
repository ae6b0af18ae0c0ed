import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, Next } from 'koa';
import { ADMIN_ACTOR, type Actor } from '../domain/actor.js';
import { UnauthorizedError } from '../domain/errors.js';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Bearer-token authentication. API_TOKEN is the bootstrap admin token; compared in constant time.
 * Sets ctx.state.actor for the handlers.
 */
export function bearerAuth(apiToken: string | undefined) {
  const expected = apiToken ? digest(apiToken) : undefined;
  return async (ctx: Context, next: Next) => {
    const header = ctx.get('authorization');
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match || !expected || !timingSafeEqual(digest(match[1]!), expected)) throw new UnauthorizedError();
    ctx.state.actor = ADMIN_ACTOR satisfies Actor;
    await next();
  };
}

export const actorOf = (ctx: Context): Actor => ctx.state.actor as Actor;
