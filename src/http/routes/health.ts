import Router from '@koa/router';
import type { Services } from '../../app.js';

const PROBE_TIMEOUT_MS = 2000;

async function withTimeout(
  probe: () => Promise<{ status: string } & Record<string, unknown>>,
  ms: number,
): Promise<{ status: string } & Record<string, unknown>> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<{ status: string }>(
    (r) => (timer = setTimeout(() => r({ status: 'unknown' }), ms)),
  );
  try {
    const answer = probe();
    answer.catch(() => undefined);
    return await Promise.race([answer, late]);
  } catch (err) {
    return { status: 'unknown', error: (err as Error).message.slice(0, 200) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * GET /healthz → { status, db, bot, scheduler }; 503 while the database does not answer (within
 * 2 s: it never hangs), 200 again once it does.
 */
export function healthRoutes(services: Services): Router {
  const router = new Router();
  router.get('/healthz', async (ctx) => {
    const dbUp = services.db.isUp() && (await services.db.ping(PROBE_TIMEOUT_MS));
    services.metrics.dbUp.set(dbUp ? 1 : 0);
    // a probe that fails or hangs (it may query the database) never fails or holds the answer
    const components = Object.fromEntries(
      await Promise.all(
        Object.entries(services.health).map(
          async ([name, probe]) => [name, await withTimeout(probe, PROBE_TIMEOUT_MS)] as const,
        ),
      ),
    );
    ctx.status = dbUp ? 200 : 503;
    ctx.body = {
      status: dbUp ? 'ok' : 'degraded',
      db: { status: dbUp ? 'up' : 'down', kind: services.db.kind, restarts: services.db.embedded?.restarts },
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
