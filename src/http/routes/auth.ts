import { z } from 'zod';
import type { Services } from '../../app.js';
import * as A from '../../auth/schemas.js';
import { ADMIN_ONLY, EVERY_CONSOLE_ROLE } from '../../domain/console-roles.js';
import { parse } from '../../services/validate.js';
import { DEPARTMENTS, TICKET_KINDS } from '../../domain/roles.js';
import { TICKET_STATES } from '../../domain/ticket-states.js';
import { RANKING_COLUMNS } from '../../reports/columns.js';
import { actorOf, SESSION_COOKIE } from '../auth.js';
import { route, type RouteSpec } from '../route-spec.js';
import type { Authenticated } from '../../auth/auth-service.js';

const userParams = z.object({ id: z.string().regex(/^[a-f0-9]{24}$/) });
const tokenParams = z.object({ id: z.string().regex(/^[a-f0-9]{16}$/) });

/** Sign-in, sign-out, who am I; API tokens; console users (admin). */
export function authRoutes(services: Services): RouteSpec[] {
  const { auth, config } = services;
  const cookie = (value: string | null, maxAge?: number) => ({
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: config.console.secureCookies,
    path: '/',
    overwrite: true,
    ...(value === null ? { expires: new Date(0) } : { maxAge }),
  });
  return [
    route({
      method: 'post',
      path: '/auth/login',
      tag: 'auth',
      summary: 'Sign in: sets an HttpOnly SameSite=Strict session cookie and returns the CSRF token',
      roles: 'public',
      body: A.loginInput,
      handler: async (ctx) => {
        const r = await auth.login(ctx.request.body ?? {}, {
          address: ctx.ip,
          userAgent: ctx.get('user-agent'),
        });
        ctx.cookies.set(SESSION_COOKIE, r.token, cookie(r.token, config.console.sessionMax));
        ctx.body = { user: r.user, csrfToken: r.csrfToken };
      },
    }),
    route({
      method: 'post',
      path: '/auth/logout',
      tag: 'auth',
      summary: 'Sign out (ends the session)',
      roles: EVERY_CONSOLE_ROLE,
      handler: async (ctx) => {
        await auth.logout(ctx.cookies.get(SESSION_COOKIE));
        ctx.cookies.set(SESSION_COOKIE, null, cookie(null));
        ctx.status = 204;
      },
    }),
    route({
      method: 'get',
      path: '/auth/me',
      tag: 'auth',
      summary: 'The signed-in user, their role and the CSRF token of the session',
      roles: EVERY_CONSOLE_ROLE,
      handler: async (ctx) => {
        const a = ctx.state.auth as Authenticated;
        const actor = actorOf(ctx);
        ctx.body = {
          user: a.user ?? { username: 'api-token', displayName: 'admin', role: 'admin' },
          role: actor.consoleRole,
          communityId: actor.communityId,
          zoneIds: actor.zoneIds,
          csrfToken: a.csrfToken,
          demo: config.demo,
          pollEvery: config.console.pollEvery,
          /** The domain's names the console builds its filters and tables from. */
          vocabulary: {
            states: TICKET_STATES,
            kinds: TICKET_KINDS,
            departments: DEPARTMENTS,
            rankingColumns: RANKING_COLUMNS,
          },
        };
      },
    }),
    route({
      method: 'get',
      path: '/auth/tokens',
      tag: 'auth',
      summary: "API tokens: one's own (admins: everyone's), never the secret",
      roles: EVERY_CONSOLE_ROLE,
      query: A.pageQuery,
      handler: async (ctx) => {
        ctx.body = await auth.listTokens(actorOf(ctx), ctx.query);
      },
    }),
    route({
      method: 'post',
      path: '/auth/tokens',
      tag: 'auth',
      summary: 'Create an API token (shown once; stored hashed)',
      roles: EVERY_CONSOLE_ROLE,
      body: A.apiTokenInput,
      handler: async (ctx) => {
        ctx.status = 201;
        ctx.body = await auth.createToken(actorOf(ctx), ctx.request.body ?? {});
      },
    }),
    route({
      method: 'delete',
      path: '/auth/tokens/:id',
      tag: 'auth',
      summary: 'Revoke an API token',
      roles: EVERY_CONSOLE_ROLE,
      params: tokenParams,
      handler: async (ctx) => {
        const { id } = parse(tokenParams, ctx.params);
        ctx.body = await auth.revokeToken(actorOf(ctx), id);
      },
    }),
    route({
      method: 'get',
      path: '/users',
      tag: 'users',
      summary: 'Console users (paged)',
      roles: ADMIN_ONLY,
      query: A.pageQuery,
      handler: async (ctx) => {
        ctx.body = await auth.listUsers(ctx.query);
      },
    }),
    route({
      method: 'post',
      path: '/users',
      tag: 'users',
      summary: 'Create a console user (grants console access)',
      roles: ADMIN_ONLY,
      body: A.consoleUserInput,
      handler: async (ctx) => {
        ctx.status = 201;
        ctx.body = await auth.createUser(ctx.request.body ?? {});
      },
    }),
    route({
      method: 'patch',
      path: '/users/:id',
      tag: 'users',
      summary: 'Edit, reset the password of, or deactivate a console user (ends their sessions)',
      roles: ADMIN_ONLY,
      params: userParams,
      body: A.consoleUserPatch,
      handler: async (ctx) => {
        const { id } = parse(userParams, ctx.params);
        ctx.body = await auth.updateUser(id, ctx.request.body ?? {});
      },
    }),
  ];
}
