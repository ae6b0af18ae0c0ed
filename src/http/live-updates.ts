import { PassThrough } from 'node:stream';
import type { Context } from 'koa';
import { Ticket as TicketModel } from '../data/models/index.js';
import type { Actor } from '../domain/actor.js';
import { ticketScope } from '../domain/ticket-scope.js';
import type { Logger } from '../log.js';
import type { Ticket, TicketService } from '../services/ticket-service.js';

interface Client {
  actor: Actor;
  stream: PassThrough;
}

/**
 * Server-sent events for the console: `event: ticket` with the number and state whenever a ticket
 * the client may see changes (the same scope as the ticket list decides). A comment every
 * `keepAliveMs` keeps proxies from closing the connection.
 */
export class LiveUpdates {
  private readonly clients = new Set<Client>();
  private timer?: NodeJS.Timeout;

  constructor(
    tickets: TicketService,
    private readonly log: Logger,
    private readonly keepAliveMs = 25_000,
  ) {
    tickets.onChange(async (t) => this.publish(t));
  }

  get size() {
    return this.clients.size;
  }

  open(ctx: Context, actor: Actor): void {
    const stream = new PassThrough();
    const client = { actor, stream };
    this.clients.add(client);
    this.timer ??= setInterval(() => {
      for (const c of this.clients) c.stream.write(': keep-alive\n\n');
    }, this.keepAliveMs).unref();
    const close = () => {
      this.clients.delete(client);
      stream.end();
      if (!this.clients.size && this.timer) {
        clearInterval(this.timer);
        this.timer = undefined;
      }
    };
    ctx.req.once('close', close);
    ctx.req.socket.setTimeout(0);
    ctx.set({
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    ctx.type = 'text/event-stream';
    ctx.status = 200;
    ctx.body = stream;
    stream.write('retry: 5000\n\n');
  }

  private async publish(t: Ticket): Promise<void> {
    if (!this.clients.size) return;
    const data = `event: ticket\ndata: ${JSON.stringify({ number: t.number, state: t.state, version: t.version })}\n\n`;
    await Promise.all(
      [...this.clients].map(async (c) => {
        try {
          const visible = await TicketModel.exists({ $and: [{ _id: t._id }, ticketScope(c.actor)] });
          if (visible) c.stream.write(data);
        } catch (err) {
          this.log.warn({ err }, 'live update not sent');
        }
      }),
    );
  }

  close(): void {
    for (const c of this.clients) c.stream.end();
    this.clients.clear();
    if (this.timer) clearInterval(this.timer);
  }
}
