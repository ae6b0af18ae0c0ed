import Router from '@koa/router';
import type { Services } from '../../app.js';
import { ForbiddenError } from '../../domain/errors.js';
import { actorOf } from '../auth.js';

/** Keys whose values never leave the process (secrets, or URIs that may carry credentials). */
const SECRET = /(token|password|secret|uri|url)$/i;

/** The effective configuration with every secret replaced by "***" (and unset ones left out). */
export function redact(value: unknown, key = ''): unknown {
  if (SECRET.test(key)) return value === undefined ? undefined : '***';
  if (Array.isArray(value)) return value.map((v) => redact(v));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v, k)]));
  return value;
}

/** GET /settings: what the service runs with (admin only), secrets redacted. */
export function settingsRoutes({ config }: Services): Router {
  const router = new Router();
  router.get('/settings', async (ctx) => {
    if (actorOf(ctx).kind !== 'admin') throw new ForbiddenError();
    ctx.body = redact(config);
  });
  return router;
}
