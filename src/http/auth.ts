import { timingSafeEqual } from 'node:crypto';
import type { Context } from 'koa';
import type { AuthService, Authenticated } from '../auth/auth-service.js';
import type { Actor } from '../domain/actor.js';
import { ForbiddenError, UnauthorizedError } from '../domain/errors.js';

export const SESSION_COOKIE = 'wuye_sid';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface AuthDeps {
  auth: AuthService;
}

/**
 * Who is calling: `Authorization: Bearer <token>` (bootstrap API_TOKEN or an API token), else the
 * session cookie. A cookie session must send its CSRF token in X-CSRF-Token on every unsafe
 * request (the cookie is also SameSite=Strict and HttpOnly). Sets ctx.state.auth and .actor.
 */
export async function authenticate(ctx: Context, { auth }: AuthDeps): Promise<Authenticated> {
  if (ctx.state.auth) return ctx.state.auth as Authenticated;
  const header = ctx.get('authorization');
  let result: Authenticated;
  if (header) {
    const match = /^Bearer\s+(\S{1,200})$/i.exec(header);
    if (!match) throw new UnauthorizedError();
    result = await auth.fromBearer(match[1]!);
  } else {
    const cookie = ctx.cookies.get(SESSION_COOKIE);
    if (!cookie || cookie.length > 200) throw new UnauthorizedError();
    result = await auth.fromSession(cookie);
    if (!SAFE_METHODS.has(ctx.method)) {
      const sent = Buffer.from(ctx.get(CSRF_HEADER));
      const expected = Buffer.from(result.csrfToken!);
      if (sent.length !== expected.length || !timingSafeEqual(sent, expected))
        throw new ForbiddenError('csrf_failed');
    }
  }
  ctx.state.auth = result;
  ctx.state.actor = result.actor;
  return result;
}

export const actorOf = (ctx: Context): Actor => ctx.state.actor as Actor;

/** The secret a request authenticated with (bearer token or session cookie), for re-checks. */
export function credentialOf(ctx: Context): string | undefined {
  const header = ctx.get('authorization');
  if (header) return /^Bearer\s+(\S{1,200})$/i.exec(header)?.[1];
  return ctx.cookies.get(SESSION_COOKIE);
}
