import Router from '@koa/router';
import type { Context } from 'koa';
import type { Services } from '../../app.js';
import { languageFromHeader, translator } from '../../i18n.js';
import { exportFormat, renderTable, type Table } from '../../reports/export.js';
import { KpiReport } from '../../reports/kpis.js';
import { ZoneRanking } from '../../reports/zone-ranking.js';
import { parse } from '../../services/validate.js';
import { actorOf } from '../auth.js';

const RANKING_COLUMNS = [
  'rank',
  'zone',
  'complaints',
  'praises',
  'dissatisfiedCallbacks',
  'ownerScore',
  'inspection',
  'score',
];
const KPI_COLUMNS = [
  'key',
  'created',
  'completed',
  'ratings',
  'averageRating',
  'satisfactionRate',
  'callbackRate',
  'callbackOnTimeRate',
  'complaints',
  'complaintHandlingRate',
  'reworks',
  'dispatchTimelyRate',
  'arrivalTimelyRate',
  'averageMinutesToAccept',
  'averageMinutesToArrive',
];

/** Answers JSON, or the table as CSV / XLSX when `?format=` asks for it. */
async function respond(ctx: Context, json: unknown, table: Table, name: string) {
  const { format } = parse(
    exportFormat.optional().transform((f) => ({ format: f ?? 'json' })),
    ctx.query.format,
  );
  if (format === 'json') {
    ctx.body = json;
    return;
  }
  const t = translator(languageFromHeader(ctx.get('accept-language')));
  const file = await renderTable(t, table, format, name);
  ctx.type = file.type;
  ctx.attachment(`${name}.${format}`);
  ctx.body = file.body;
}

/** The query without `format`, which the report services do not know. */
const reportQuery = (ctx: Context) => {
  const { format: _format, ...rest } = ctx.query;
  return rest;
};

/**
 * GET /reports/zone-ranking?month=YYYY-MM; GET /reports/kpis?month=&groupBy=zone|department|worker
 * (both also `&format=csv|xlsx`); PUT /reports/inspections {zoneId, month, score}.
 */
export function reportRoutes({ config, calendar }: Services): Router {
  const ranking = new ZoneRanking(config);
  const kpis = new KpiReport(config, calendar);
  const router = new Router({ prefix: '/reports' });
  router.get('/zone-ranking', async (ctx) => {
    const r = await ranking.ranking(actorOf(ctx), reportQuery(ctx));
    await respond(ctx, r, { columns: RANKING_COLUMNS, rows: r.zones }, `zone-ranking-${r.month}`);
  });
  router.get('/kpis', async (ctx) => {
    const r = await kpis.report(actorOf(ctx), reportQuery(ctx));
    const rows = [...r.groups, { ...r.total, key: 'total' }];
    await respond(ctx, r, { columns: KPI_COLUMNS, rows }, `kpis-${r.month}-${r.groupBy}`);
  });
  router.put('/inspections', async (ctx) => {
    ctx.body = await ranking.recordInspection(actorOf(ctx), ctx.request.body ?? {});
  });
  return router;
}
