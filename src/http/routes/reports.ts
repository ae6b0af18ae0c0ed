import Router from '@koa/router';
import type { Services } from '../../app.js';
import { ZoneRanking } from '../../reports/zone-ranking.js';
import { KpiReport } from '../../reports/kpis.js';
import { actorOf } from '../auth.js';

/**
 * GET /reports/zone-ranking?month=YYYY-MM; GET /reports/kpis?month=&groupBy=zone|department|worker;
 * PUT /reports/inspections {zoneId, month, score}.
 */
export function reportRoutes({ config, calendar }: Services): Router {
  const ranking = new ZoneRanking(config);
  const kpis = new KpiReport(config, calendar);
  const router = new Router({ prefix: '/reports' });
  router.get('/zone-ranking', async (ctx) => {
    ctx.body = await ranking.ranking(actorOf(ctx), ctx.query);
  });
  router.get('/kpis', async (ctx) => {
    ctx.body = await kpis.report(actorOf(ctx), ctx.query);
  });
  router.put('/inspections', async (ctx) => {
    ctx.body = await ranking.recordInspection(actorOf(ctx), ctx.request.body ?? {});
  });
  return router;
}
