import Router from '@koa/router';
import type { Services } from '../../app.js';
import { actorOf } from '../auth.js';
import { ticketView } from '../views.js';

/** Ticket routes: wiring only; the ticket service validates and decides. */
export function ticketRoutes({ tickets }: Services): Router {
  const router = new Router({ prefix: '/tickets' });
  router.get('/', async (ctx) => {
    const page = await tickets.list(actorOf(ctx), ctx.query as Record<string, string>);
    ctx.body = { ...page, items: page.items.map((t) => ticketView(t)) };
  });
  router.get('/:number', async (ctx) => {
    const actor = actorOf(ctx);
    const ticket = await tickets.get(actor, ctx.params.number!);
    ctx.body = { ...ticketView(ticket, await tickets.timeline(ticket)), actions: await tickets.actionsFor(actor, ticket.number) };
  });
  return router;
}
