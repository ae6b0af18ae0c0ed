import type { Context } from 'koa';
import type { Services } from '../../app.js';
import { FEE_IMPORTERS, FEE_READERS, FEE_WRITERS } from '../../domain/console-roles.js';
import { ValidationError } from '../../domain/errors.js';
import { arrearsQuery, collectionQuery, feeImportQuery, feeRecordInput } from '../../fees/schemas.js';
import { parse } from '../../services/validate.js';
import { actorOf } from '../auth.js';
import { runImport } from '../import-run.js';
import { route, type RouteSpec } from '../route-spec.js';

function csvBody(ctx: Context): string {
  const body = ctx.request.body;
  if (typeof body !== 'string' || !body.trim())
    throw new ValidationError(['body: expected a CSV file sent as text/csv']);
  return body;
}

/**
 * Fees (催费): the finance CSV and single records are written by the desk's editors and finance;
 * the arrears list and the collection rates are read by every console role, finance included, a
 * zone manager for their zones.
 */
export function feeRoutes({ fees }: Services): RouteSpec[] {
  const tag = 'fees';
  return [
    route({
      method: 'post',
      path: '/fees/import',
      tag,
      summary: 'Import fee status: CSV with unit, period (YYYY-MM), amountDue, paid; bad rows reported',
      roles: FEE_IMPORTERS,
      query: feeImportQuery,
      body: feeRecordInput,
      bodyType: 'text/csv',
      handler: async (ctx) => {
        const { communityId } = parse(feeImportQuery, ctx.query);
        const csv = csvBody(ctx);
        ctx.body = await runImport(ctx, (opts) => fees.importCsv(actorOf(ctx), csv, communityId, opts));
      },
    }),
    route({
      method: 'put',
      path: '/fees',
      tag,
      summary: "Set one unit's fee for a month (amount due, amount paid); paid in full stops the reminders",
      roles: FEE_WRITERS,
      body: feeRecordInput,
      handler: async (ctx) => {
        ctx.body = await fees.set(actorOf(ctx), ctx.request.body ?? {});
      },
    }),
    route({
      method: 'get',
      path: '/fees/arrears',
      tag,
      summary: 'Units in arrears, most owed first, with their owners (a zone manager: their zones)',
      roles: FEE_READERS,
      query: arrearsQuery,
      handler: async (ctx) => {
        ctx.body = await fees.arrears(actorOf(ctx), ctx.query);
      },
    }),
    route({
      method: 'get',
      path: '/fees/collection',
      tag,
      summary: 'Collection rates of the month, its quarter and its year so far, against the targets',
      roles: FEE_READERS,
      query: collectionQuery,
      handler: async (ctx) => {
        ctx.body = await fees.collection(actorOf(ctx), ctx.query);
      },
    }),
  ];
}
