import { z } from 'zod';
import type { Services } from '../../app.js';
import type { Actor } from '../../domain/actor.js';
import { ANY_CONSOLE_ROLE, DESK_ROLES } from '../../domain/console-roles.js';
import { NotFoundError } from '../../domain/errors.js';
import * as S from '../../services/schemas.js';
import type { TicketService } from '../../services/ticket-service.js';
import { actorOf } from '../auth.js';
import { route, type RouteSpec } from '../route-spec.js';
import { ticketView } from '../views.js';
import { exportFormat } from '../../reports/export.js';
import { withPlaces } from '../../reports/ticket-ledger.js';
import { LEDGER_TYPES, ledgerResponse } from './ticket-ledger-export.js';

type Action = (s: TicketService, actor: Actor, number: string, body: unknown) => Promise<unknown>;
const number = z.object({
  number: z.string().regex(/^[A-Z]{2}\d{8}-\d{4,}$/, 'a ticket number, e.g. BX20261122-0001'),
});
const empty = z.object({}).strict();

/**
 * POST /tickets/:number/<action> → the ticket service method, with the body schema it parses.
 * Every console role may ask; the state machine decides per ticket (its `who` lists).
 */
const ACTIONS: Record<string, { run: Action; body: z.ZodType; summary: string }> = {
  dispatch: { run: (s, a, n, b) => s.dispatch(a, n, b), body: S.dispatchInput, summary: 'Assign (派单)' },
  accept: { run: (s, a, n) => s.accept(a, n), body: empty, summary: 'Accept (接单)' },
  transfer: { run: (s, a, n, b) => s.transfer(a, n, b), body: S.transferInput, summary: 'Transfer (转派)' },
  'send-back': { run: (s, a, n, b) => s.sendBack(a, n, b), body: S.reasonInput, summary: 'Send back (退单)' },
  arrive: { run: (s, a, n) => s.arrive(a, n), body: empty, summary: 'Arrived (到场)' },
  'request-quote': {
    run: (s, a, n, b) => s.requestQuote(a, n, b),
    body: S.optionalNoteInput,
    summary: 'Needs a quote (非标)',
  },
  quote: { run: (s, a, n, b) => s.quote(a, n, b), body: S.quoteInput, summary: 'Quote (报价)' },
  'quote-answer': {
    run: (s, a, n, b) => s.answerQuote(a, n, b),
    body: S.quoteAnswerInput,
    summary: "Owner's answer to a quote",
  },
  complete: { run: (s, a, n, b) => s.complete(a, n, b), body: S.completeInput, summary: 'Complete (完工)' },
  answer: { run: (s, a, n, b) => s.answer(a, n, b), body: S.reasonInput, summary: 'Answer an inquiry' },
  rate: { run: (s, a, n, b) => s.rate(a, n, b), body: S.rateInput, summary: 'Rate (评价)' },
  callback: {
    run: (s, a, n, b) => s.recordCallback(a, n, b),
    body: S.callbackInput,
    summary: 'Record a callback (回访)',
  },
  close: { run: (s, a, n, b) => s.close(a, n, b), body: S.optionalNoteInput, summary: 'Close' },
  classify: {
    run: (s, a, n, b) => s.classify(a, n, b),
    body: S.classifyInput,
    summary: 'Classify a complaint',
  },
  plan: { run: (s, a, n, b) => s.plan(a, n, b), body: S.planInput, summary: 'Plan complaint handling' },
  'start-handling': {
    run: (s, a, n, b) => s.startHandling(a, n, b),
    body: S.optionalNoteInput,
    summary: 'Start handling a complaint',
  },
  'finish-handling': {
    run: (s, a, n, b) => s.finishHandling(a, n, b),
    body: S.optionalNoteInput,
    summary: 'Finish handling a complaint',
  },
  escalate: { run: (s, a, n, b) => s.escalate(a, n, b), body: S.reasonInput, summary: 'Escalate (升级)' },
  cancel: { run: (s, a, n, b) => s.cancel(a, n, b), body: S.reasonInput, summary: 'Cancel' },
  reopen: { run: (s, a, n, b) => s.reopen(a, n, b), body: S.reasonInput, summary: 'Reopen (返工)' },
  note: { run: (s, a, n, b) => s.addNote(a, n, b), body: S.reasonInput, summary: 'Add a note' },
  'follow-up': {
    run: (s, a, n, b) => s.followUp(a, n, b),
    body: S.reasonInput,
    summary: 'Record a follow-up',
  },
};

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
    ...Object.entries(ACTIONS).map(([name, a]) =>
      route({
        method: 'post',
        path: `/tickets/:number/${name}`,
        tag,
        summary: a.summary,
        roles: ANY_CONSOLE_ROLE,
        params: number,
        body: a.body,
        handler: async (ctx) => {
          const ticket = await a.run(tickets, actorOf(ctx), ctx.params.number!, ctx.request.body ?? {});
          ctx.body = ticketView(ticket as Parameters<typeof ticketView>[0]);
        },
      }),
    ),
  ];
}
