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
  userId?: string;
  stillValid?: () => Promise<boolean>;
  close(): void;
}

/**
 * Server-sent events for the console: `event: ticket` with the number and state whenever a ticket
 * the client may see changes (the same scope as the ticket list decides). A comment every
 * `keepAliveMs` keeps proxies from closing the connection; at each, the sign-in behind every
 * stream is checked again (signed out, expired, revoked, user deactivated: the stream ends), and
 * `endUser` ends a user's streams at once when an admin deactivates them.
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

  open(
    ctx: Context,
    actor: Actor,
    auth: { userId?: string; stillValid?: () => Promise<boolean> } = {},
  ): void {
    const stream = new PassThrough();
    const client: Client = { actor, stream, ...auth, close: () => close() };
    this.clients.add(client);
    this.timer ??= setInterval(() => void this.keepAlive(), this.keepAliveMs).unref();
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

  /** Ends every stream of this console user (deactivated, new password). */
  endUser(userId: string): void {
    for (const c of [...this.clients]) if (c.userId === userId) c.close();
  }

  private async keepAlive(): Promise<void> {
    await Promise.all(
      [...this.clients].map(async (c) => {
        if (c.stillValid && !(await c.stillValid().catch(() => true))) {
          this.log.info({ userId: c.userId }, 'event stream ended: sign-in no longer valid');
          return c.close();
        }
        c.stream.write(': keep-alive\n\n');
      }),
    );
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
