import Router from '@koa/router';
import type { Services } from '../../app.js';
import type { Actor } from '../../domain/actor.js';
import { NotFoundError } from '../../domain/errors.js';
import type { TicketService } from '../../services/ticket-service.js';
import { actorOf } from '../auth.js';
import { ticketView } from '../views.js';

type Action = (s: TicketService, actor: Actor, number: string, body: unknown) => Promise<unknown>;

/** POST /tickets/:number/:action → the ticket service method of that name. */
const ACTIONS: Record<string, Action> = {
  dispatch: (s, a, n, b) => s.dispatch(a, n, b),
  accept: (s, a, n) => s.accept(a, n),
  transfer: (s, a, n, b) => s.transfer(a, n, b),
  'send-back': (s, a, n, b) => s.sendBack(a, n, b),
  arrive: (s, a, n) => s.arrive(a, n),
  'request-quote': (s, a, n, b) => s.requestQuote(a, n, b),
  quote: (s, a, n, b) => s.quote(a, n, b),
  'quote-answer': (s, a, n, b) => s.answerQuote(a, n, b),
  complete: (s, a, n, b) => s.complete(a, n, b),
  answer: (s, a, n, b) => s.answer(a, n, b),
  rate: (s, a, n, b) => s.rate(a, n, b),
  callback: (s, a, n, b) => s.recordCallback(a, n, b),
  close: (s, a, n, b) => s.close(a, n, b),
  classify: (s, a, n, b) => s.classify(a, n, b),
  plan: (s, a, n, b) => s.plan(a, n, b),
  'start-handling': (s, a, n, b) => s.startHandling(a, n, b),
  'finish-handling': (s, a, n, b) => s.finishHandling(a, n, b),
  escalate: (s, a, n, b) => s.escalate(a, n, b),
  cancel: (s, a, n, b) => s.cancel(a, n, b),
  reopen: (s, a, n, b) => s.reopen(a, n, b),
  note: (s, a, n, b) => s.addNote(a, n, b),
  'follow-up': (s, a, n, b) => s.followUp(a, n, b),
};

/** Ticket routes: wiring only; the ticket service validates and decides. */
export function ticketRoutes({ tickets }: Services): Router {
  const router = new Router({ prefix: '/tickets' });
  router.get('/', async (ctx) => {
    const page = await tickets.list(actorOf(ctx), ctx.query as Record<string, string>);
    ctx.body = { ...page, items: page.items.map((t) => ticketView(t)) };
  });
  router.post('/', async (ctx) => {
    const ticket = await tickets.create(actorOf(ctx), (ctx.request.body ?? {}) as never);
    ctx.status = 201;
    ctx.body = ticketView(ticket);
  });
  router.get('/:number', async (ctx) => {
    const actor = actorOf(ctx);
    const ticket = await tickets.get(actor, ctx.params.number!);
    ctx.body = {
      ...ticketView(ticket, await tickets.timeline(ticket)),
      actions: await tickets.actionsFor(actor, ticket.number),
    };
  });
  router.post('/:number/:action', async (ctx) => {
    const action = Object.hasOwn(ACTIONS, ctx.params.action!) ? ACTIONS[ctx.params.action!] : undefined;
    if (!action) throw new NotFoundError('route', { path: ctx.path });
    const ticket = (await action(
      tickets,
      actorOf(ctx),
      ctx.params.number!,
      ctx.request.body ?? {},
    )) as Parameters<typeof ticketView>[0];
    ctx.body = ticketView(ticket);
  });
  return router;
}
