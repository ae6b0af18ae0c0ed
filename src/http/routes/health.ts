import Router from '@koa/router';
import type { Services } from '../../app.js';

/** GET /healthz → { status, db, bot, scheduler }; 503 while the database does not answer. */
export function healthRoutes(services: Services): Router {
  const router = new Router();
  router.get('/healthz', async (ctx) => {
    const dbUp = await services.db.ping();
    services.metrics.dbUp.set(dbUp ? 1 : 0);
    const components = Object.fromEntries(
      await Promise.all(
        Object.entries(services.health).map(async ([name, probe]) => [name, await probe()] as const),
      ),
    );
    ctx.status = dbUp ? 200 : 503;
    ctx.body = {
      status: dbUp ? 'ok' : 'degraded',
      db: { status: dbUp ? 'up' : 'down', kind: services.db.kind },
      bot: components.bot ?? { status: 'disabled' },
      scheduler: components.scheduler ?? { status: 'disabled' },
      uptimeSeconds: Math.round(process.uptime()),
    };
  });
  router.get('/metrics', async (ctx) => {
    ctx.type = services.metrics.registry.contentType;
    ctx.body = await services.metrics.registry.metrics();
  });
  return router;
}
