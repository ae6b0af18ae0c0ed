import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import Koa from 'koa';
import type { Services } from '../app.js';
import { bearerAuth } from './auth.js';
import { errorMiddleware } from './errors.js';
import { directoryRoutes } from './routes/directory.js';
import { healthRoutes } from './routes/health.js';
import { ticketRoutes } from './routes/tickets.js';
import { botRoutes, simulatorRoutes } from './routes/simulator.js';
import { bindingCodeRoutes } from './routes/binding-codes.js';
import { reportRoutes } from './routes/reports.js';
import { settingsRoutes } from './routes/settings.js';

/** The Koa application: one error middleware, request metrics, public health, authenticated API. */
export function createHttpApp(services: Services): Koa {
  const app = new Koa({ proxy: false });
  const log = services.log.child({ component: 'http' });
  app.use(errorMiddleware(log));
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
  app.use(
    bodyParser({ jsonLimit: services.config.http.bodyLimit, enableTypes: ['json'], encoding: 'utf-8' }),
  );

  const health = healthRoutes(services);
  app.use(health.routes()).use(health.allowedMethods());

  const bot = new Router();
  bot.use(bearerAuth(services.config.apiToken));
  const botR = botRoutes(services);
  bot.use(botR.routes(), botR.allowedMethods());
  app.use(bot.routes()).use(bot.allowedMethods());

  const api = new Router({ prefix: '/api/v1' });
  api.use(bearerAuth(services.config.apiToken));
  for (const r of [
    ticketRoutes(services),
    directoryRoutes(services),
    bindingCodeRoutes(services),
    reportRoutes(services),
    settingsRoutes(services),
    simulatorRoutes(services),
  ])
    api.use(r.routes(), r.allowedMethods());
  app.use(api.routes()).use(api.allowedMethods());
  return app;
}
