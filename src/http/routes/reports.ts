import type { z } from 'zod';
import type { Context } from 'koa';
import type { Services } from '../../app.js';
import { languageFromHeader, translator } from '../../i18n.js';
import { exportFormat, renderTable, type Table } from '../../reports/export.js';
import { KpiReport, kpiQuery } from '../../reports/kpis.js';
import { openItemsByZone } from '../../reports/open-items.js';
import { ZoneRanking, inspectionInput, rankingQuery } from '../../reports/zone-ranking.js';
import { ANY_CONSOLE_ROLE, SUPERVISORS } from '../../domain/console-roles.js';
import { route, type RouteSpec } from '../route-spec.js';
import { KPI_COLUMNS, RANKING_COLUMNS } from '../../reports/columns.js';
import { parse } from '../../services/validate.js';
import { actorOf } from '../auth.js';

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

/** The report services' queries plus `format` (documented together; the services parse their part). */
const withFormat = (q: z.ZodObject) => q.extend({ format: exportFormat.optional() });

/**
 * GET /reports/zone-ranking?month=YYYY-MM; GET /reports/kpis?month=&groupBy=zone|department|worker
 * (both also `&format=csv|xlsx`); PUT /reports/inspections {zoneId, month, score}.
 */
export function reportRoutes({ config, calendar }: Services): RouteSpec[] {
  const ranking = new ZoneRanking(config);
  const kpis = new KpiReport(config, calendar);
  const tag = 'reports';
  const produces = ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'];
  return [
    route({
      method: 'get',
      path: '/reports/zone-ranking',
      tag,
      summary: "The zones' monthly score (70% owner evaluation + 30% inspection), forced ranking",
      roles: ANY_CONSOLE_ROLE,
      query: withFormat(rankingQuery),
      produces,
      handler: async (ctx) => {
        const r = await ranking.ranking(actorOf(ctx), reportQuery(ctx));
        await respond(ctx, r, { columns: RANKING_COLUMNS, rows: r.zones }, `zone-ranking-${r.month}`);
      },
    }),
    route({
      method: 'get',
      path: '/reports/kpis',
      tag,
      summary: 'Monthly KPIs per zone, department or worker, with the total',
      roles: ANY_CONSOLE_ROLE,
      query: withFormat(kpiQuery),
      produces,
      handler: async (ctx) => {
        const r = await kpis.report(actorOf(ctx), reportQuery(ctx));
        const rows = [...r.groups, { ...r.total, key: 'total' }];
        await respond(ctx, r, { columns: KPI_COLUMNS, rows }, `kpis-${r.month}-${r.groupBy}`);
      },
    }),
    route({
      method: 'get',
      path: '/reports/open-by-zone',
      tag,
      summary: 'Open and overdue tickets per zone, now',
      roles: ANY_CONSOLE_ROLE,
      handler: async (ctx) => {
        ctx.body = { zones: await openItemsByZone(actorOf(ctx)) };
      },
    }),
    route({
      method: 'put',
      path: '/reports/inspections',
      tag,
      summary: "Record a zone's public-area inspection score for a month",
      roles: SUPERVISORS,
      body: inspectionInput,
      handler: async (ctx) => {
        ctx.body = await ranking.recordInspection(actorOf(ctx), ctx.request.body ?? {});
      },
    }),
  ];
}
