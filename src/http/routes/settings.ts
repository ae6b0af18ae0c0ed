import type { Services } from '../../app.js';
import { ADMIN_ONLY } from '../../domain/console-roles.js';
import { route, type RouteSpec } from '../route-spec.js';

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
export function settingsRoutes({ config }: Services): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/settings',
      tag: 'settings',
      summary: 'The effective configuration, secrets redacted',
      roles: ADMIN_ONLY,
      handler: async (ctx) => {
        ctx.body = redact(config);
      },
    }),
  ];
}
