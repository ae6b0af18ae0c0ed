import Router from '@koa/router';
import Koa from 'koa';
import type { Services } from '../app.js';
import { bodyMiddleware } from './body.js';
import { errorMiddleware } from './errors.js';
import { healthRoutes } from './routes/health.js';
import { apiRoutes } from './routes/index.js';
import { mount } from './route-spec.js';
import { LiveUpdates } from './live-updates.js';
import { consoleFiles, consoleRoutes } from './console.js';

/**
 * The Koa application: one error middleware, request metrics, security headers, public health,
 * the API under /api/v1 (each route checks sign-in and role) and the web console.
 */
export function createHttpApp(services: Services): Koa & { live: LiveUpdates } {
  const app = new Koa({ proxy: false }) as Koa & { live: LiveUpdates };
  const log = services.log.child({ component: 'http' });
  // Koa's own handler prints to stderr; a client leaving an event stream is routine, not an error
  app.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'ERR_STREAM_PREMATURE_CLOSE' || err.code === 'ECONNRESET')
      log.debug({ err }, 'client left');
    else log.error({ err }, 'http error');
  });
  // outermost, so the status it records is the one the error middleware rendered
  app.use(async (ctx, next) => {
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const route = (ctx as { _matchedRoute?: string })._matchedRoute ?? 'unmatched';
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      services.metrics.httpRequests.inc({ method: ctx.method, route, status: String(ctx.status) });
      services.metrics.httpDuration.observe({ method: ctx.method, route }, seconds);
      log.debug(
        { method: ctx.method, path: ctx.path, status: ctx.status, ms: Math.round(seconds * 1000) },
        'request',
      );
    }
  });
  app.use(errorMiddleware(log));
  app.use(async (ctx, next) => {
    ctx.set({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'same-origin',
      'content-security-policy':
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    });
    await next();
  });
  app.use(bodyMiddleware(services.config.http));

  const health = healthRoutes(services);
  app.use(health.routes()).use(health.allowedMethods());

  app.live = new LiveUpdates(services.tickets, log);
  services.auth.onSignInsEnded((userId) => app.live.endUser(userId));
  const api = new Router({ prefix: '/api/v1' });
  mount(api, apiRoutes(services, app.live), services);
  app.use(api.routes()).use(api.allowedMethods());

  const web = consoleRoutes(services);
  app.use(web.routes()).use(web.allowedMethods());
  app.use(consoleFiles());
  return app;
}
