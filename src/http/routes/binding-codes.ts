import { z } from 'zod';
import type { Services } from '../../app.js';
import { DESK_ROLES } from '../../domain/console-roles.js';
import { issueCodeInput } from '../../services/binding-service.js';
import { listCodesQuery } from '../../services/directory-service.js';
import { parse } from '../../services/validate.js';
import { actorOf } from '../auth.js';
import { route, type RouteSpec } from '../route-spec.js';
import { sendTable } from './directory.js';

const codeParams = z.object({ code: z.string().regex(/^\d{6}$/, 'a six-digit code') });
const exportQuery = z.object({ format: z.enum(['csv', 'xlsx']).default('csv') }).strict();
const ISSUERS = ['admin', 'cs_supervisor', 'director'] as const;

/**
 * Binding codes: list, export, issue ({purpose: staff, personId} | {purpose: room, …}), revoke,
 * and decide a pending owner binding (approve / reject; the service checks the zone).
 */
export function bindingCodeRoutes({ bindings, directory, exporter }: Services): RouteSpec[] {
  const tag = 'binding codes';
  return [
    route({
      method: 'get',
      path: '/binding-codes',
      tag,
      summary: 'List binding codes (paged); owner claims show masked phones',
      roles: DESK_ROLES,
      query: listCodesQuery,
      handler: async (ctx) => {
        ctx.body = await directory.listBindingCodes(actorOf(ctx), ctx.query);
      },
    }),
    route({
      method: 'get',
      path: '/binding-codes/export',
      tag,
      summary: 'Export binding codes',
      roles: ISSUERS,
      query: exportQuery,
      produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      handler: async (ctx) => {
        const { format } = parse(exportQuery, ctx.query);
        await sendTable(ctx, await exporter.bindingCodes(actorOf(ctx)), 'binding-codes', format);
      },
    }),
    route({
      method: 'post',
      path: '/binding-codes',
      tag,
      summary: 'Issue a one-time code for a staff member or a group',
      roles: ISSUERS,
      body: issueCodeInput,
      handler: async (ctx) => {
        ctx.status = 201;
        ctx.body = await bindings.issue(actorOf(ctx), ctx.request.body ?? {});
      },
    }),
    route({
      method: 'delete',
      path: '/binding-codes/:code',
      tag,
      summary: 'Revoke an unused code',
      roles: ISSUERS,
      params: codeParams,
      handler: async (ctx) => {
        const { code } = parse(codeParams, ctx.params);
        ctx.body = await bindings.revoke(actorOf(ctx), code);
      },
    }),
    ...(['approve', 'reject'] as const).map((decision) =>
      route({
        method: 'post',
        path: `/binding-codes/:code/${decision}`,
        tag,
        summary: `${decision === 'approve' ? 'Approve' : 'Reject'} an owner's pending binding`,
        roles: DESK_ROLES,
        params: codeParams,
        handler: async (ctx) => {
          const { code } = parse(codeParams, ctx.params);
          const d = await bindings.decideOwner(actorOf(ctx), code, decision === 'approve');
          ctx.body = { approved: d.approved, name: d.name, unit: d.unit };
        },
      }),
    ),
  ];
}
