import type Router from '@koa/router';
import type { Context, Next } from 'koa';
import type { z } from 'zod';
import type { ConsoleRole } from '../domain/console-roles.js';
import { ForbiddenError } from '../domain/errors.js';
import { authenticate, type AuthDeps } from './auth.js';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * One API route: what it is (for the OpenAPI document), who may call it, the zod schemas of its
 * input (the same ones the services parse with) and its handler, which only wires.
 */
export interface RouteSpec {
  method: Method;
  /** Koa path under /api/v1, e.g. `/tickets/:number`. */
  path: string;
  tag: string;
  summary: string;
  /** 'public': no sign-in; otherwise the console roles that may call it. */
  roles: readonly ConsoleRole[] | 'public';
  params?: z.ZodObject;
  query?: z.ZodType;
  body?: z.ZodType;
  /** Request body media type when not JSON. */
  bodyType?: 'text/csv' | 'image/*';
  /** Other response media types than JSON (CSV/XLSX exports, images, SSE). */
  produces?: string[];
  handler: (ctx: Context) => Promise<void>;
}

export const route = (spec: RouteSpec): RouteSpec => spec;

/** Sign-in and role check of one route (scope — which community, which zone — is the services'). */
export function authorize(spec: RouteSpec, deps: AuthDeps) {
  return async (ctx: Context, next: Next) => {
    if (spec.roles === 'public') return next();
    const auth = await authenticate(ctx, deps);
    if (!auth.actor.consoleRole || !spec.roles.includes(auth.actor.consoleRole)) throw new ForbiddenError();
    return next();
  };
}

export function mount(router: Router, specs: readonly RouteSpec[], deps: AuthDeps): void {
  for (const spec of specs) router[spec.method](spec.path, authorize(spec, deps), spec.handler);
}
