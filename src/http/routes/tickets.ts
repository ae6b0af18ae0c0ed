import { z } from 'zod';
import type { Services } from '../../app.js';
import { ANY_CONSOLE_ROLE, DESK_ROLES } from '../../domain/console-roles.js';
import { NotFoundError } from '../../domain/errors.js';
import * as S from '../../services/schemas.js';
import { HTTP_ACTIONS } from '../../ticket-events/index.js';
import { actorOf } from '../auth.js';
import { route, type RouteSpec } from '../route-spec.js';
import { ticketView } from '../views.js';
import { exportFormat } from '../../reports/export.js';
import { withPlaces } from '../../reports/ticket-ledger.js';
import { LEDGER_TYPES, ledgerResponse } from './ticket-ledger-export.js';

const number = z.object({
  number: z.string().regex(/^[A-Z]{2}\d{8}-\d{4,}$/, 'a ticket number, e.g. BX20261122-0001'),
});

const photoParams = z.object({ number: number.shape.number, fileId: S.objectId });

/** Ticket routes: wiring only; the ticket service validates and decides. */
export function ticketRoutes({ tickets, photos, config }: Services): RouteSpec[] {
  const tag = 'tickets';
  return [
    route({
      method: 'get',
      path: '/tickets',
      tag,
      summary: 'List tickets the caller may see, with filters',
      roles: ANY_CONSOLE_ROLE,
      query: S.listTicketsQuery.extend({ format: exportFormat.optional() }),
      produces: LEDGER_TYPES,
      handler: async (ctx) => {
        const { format, ...query } = ctx.query as Record<string, string>;
        if (format && format !== 'json') return ledgerResponse(ctx, { tickets, config }, query, format);
        const page = await tickets.list(actorOf(ctx), query);
        ctx.body = { ...page, items: await withPlaces(page.items.map((t) => ticketView(t))) };
      },
    }),
    route({
      method: 'post',
      path: '/tickets',
      tag,
      summary: 'Register a ticket (front desk, phone, walk-in)',
      roles: DESK_ROLES,
      body: S.createTicketInput,
      handler: async (ctx) => {
        const ticket = await tickets.create(actorOf(ctx), (ctx.request.body ?? {}) as never);
        ctx.status = 201;
        ctx.body = ticketView(ticket);
      },
    }),
    route({
      method: 'get',
      path: '/tickets/:number',
      tag,
      summary: 'A ticket with its timeline and the actions the caller may take',
      roles: ANY_CONSOLE_ROLE,
      params: number,
      handler: async (ctx) => {
        const actor = actorOf(ctx);
        const ticket = await tickets.get(actor, ctx.params.number!);
        ctx.body = {
          ...ticketView(ticket, await tickets.timeline(ticket)),
          actions: await tickets.actionsFor(actor, ticket.number),
        };
      },
    }),
    route({
      method: 'get',
      path: '/tickets/:number/photos/:fileId',
      tag,
      summary: 'A photo of a ticket',
      roles: ANY_CONSOLE_ROLE,
      params: photoParams,
      produces: ['image/jpeg', 'image/png', 'image/gif', 'image/webp'],
      handler: async (ctx) => {
        const ticket = await tickets.get(actorOf(ctx), ctx.params.number!);
        const photo = ticket.photos.find((p) => String(p.fileId) === ctx.params.fileId);
        if (!photo) throw new NotFoundError('photo', { id: ctx.params.fileId });
        ctx.type = photo.contentType;
        ctx.set('cache-control', 'private, max-age=3600');
        ctx.set('x-content-type-options', 'nosniff');
        ctx.body = await photos.read(photo.fileId);
      },
    }),
    // One route per event of the catalogue that has an HTTP action; the state machine decides per
    // ticket (the event's `who` lists), the event's schema validates the body.
    ...HTTP_ACTIONS.map(({ action, def }) =>
      route({
        method: 'post',
        path: `/tickets/:number/${action}`,
        tag,
        summary: def.summary,
        roles: ANY_CONSOLE_ROLE,
        params: number,
        body: def.input,
        handler: async (ctx) => {
          const ticket = await tickets.fire(
            actorOf(ctx),
            ctx.params.number!,
            def.name,
            ctx.request.body ?? {},
          );
          ctx.body = ticketView(ticket);
        },
      }),
    ),
  ];
}
