import type { Services } from '../app.js';
import { revive, type InboundSpool, type SpooledMessage } from '../data/inbound-spool.js';
import { translator } from '../i18n.js';
import type { Outcome } from './pipeline.js';
import type { ChatTransport } from './transport.js';
import type { InboundMessage } from './types.js';

export interface OutageGuardDeps {
  services: Pick<Services, 'db' | 'log' | 'metrics' | 'config'>;
  /** Sends the holding answer directly: the outbox lives in the database that is down. */
  transport: ChatTransport;
  /** The pipeline. */
  handle(msg: InboundMessage): Promise<Outcome>;
  /** At most this many messages are kept (default 1000); later ones are only answered. */
  maxHeld?: number;
  /** How often the database is probed while messages are held (default 1 s). */
  probeEvery?: number;
  /** Where received messages are kept until handled, across a crash (none: memory only). */
  spool?: InboundSpool;
}

/**
 * Between the bot and the pipeline while the database is down: inbound messages are kept in
 * memory, in order, and handled when it answers again; the sender is told once per chat and
 * outage (direct chats, or when the bot is addressed in a group) that the message is kept and
 * will be answered (`outage.held`). A message that failed because the database went away while
 * it was handled is kept too. Outbound messages wait in the outbox by themselves.
 *
 * With a spool, every message received is written to it (fsync'd) before it is handled and
 * marked done after: what a crash interrupted (held, or being handled) is handed back by `replay`
 * at the next start.
 */
export class OutageGuard {
  private readonly held: InboundMessage[] = [];
  private readonly told = new Set<string>();
  private probing?: Promise<void>;
  private stopped = false;

  constructor(private readonly deps: OutageGuardDeps) {}

  get heldCount(): number {
    return this.held.length;
  }

  async handle(msg: InboundMessage): Promise<Outcome | 'held'> {
    if (msg.self) return this.deps.handle(msg);
    this.keep(msg);
    // while anything is held, later messages queue behind it: one sender's order is kept
    if (this.held.length || !this.deps.services.db.isUp()) return this.hold(msg);
    const outcome = await this.deps.handle(msg);
    if (outcome === 'error' && !(await this.deps.services.db.ping())) return this.hold(msg);
    this.deps.spool?.done(msg.id);
    return outcome;
  }

  /**
   * Handles the messages a stopped process received and never finished (from the spool), each
   * sender's in order, senders side by side. Resolves when all are handled or held.
   */
  async replay(pending: SpooledMessage[]): Promise<number> {
    if (!pending.length) return 0;
    const bySender = new Map<string, SpooledMessage[]>();
    for (const m of pending) bySender.set(m.talkerId, [...(bySender.get(m.talkerId) ?? []), m]);
    this.deps.services.log.warn({ count: pending.length }, 'handling messages received before a restart');
    await Promise.all(
      [...bySender.values()].map(async (msgs) => {
        for (const m of msgs) await this.handle(revive(m));
      }),
    );
    return pending.length;
  }

  /** Writes the message to the spool; a failing disk is logged, the message handled anyway. */
  private keep(msg: InboundMessage): void {
    try {
      this.deps.spool?.add(msg);
    } catch (err) {
      this.deps.services.log.error({ err, id: msg.id }, 'inbound spool write failed');
    }
  }

  /** Stops probing (shutdown); what is still held stays in the spool (without one, it is lost). */
  stop(): void {
    this.stopped = true;
    if (this.held.length)
      this.deps.services.log.warn({ held: this.held.length }, 'held messages not handled');
  }

  private async hold(msg: InboundMessage): Promise<'held'> {
    const { log, metrics } = this.deps.services;
    const kept = this.held.length < (this.deps.maxHeld ?? 1000);
    if (kept) this.held.push(msg);
    else this.deps.spool?.done(msg.id); // answered "try again later": not handled after all
    metrics.chatInbound.inc({ outcome: kept ? 'held' : 'refused' });
    log.warn({ id: msg.id, kept, held: this.held.length }, 'database down: message held');
    this.probing ??= this.probeUntilUp().finally(() => (this.probing = undefined));
    await this.tell(msg, kept).catch((err: unknown) =>
      log.warn({ err, id: msg.id }, 'holding answer not sent'),
    );
    return 'held';
  }

  private async tell(msg: InboundMessage, kept: boolean): Promise<void> {
    const chat = msg.roomId ?? msg.talkerId;
    if (msg.roomId && !msg.mentionSelf) return; // group chatter is kept, not answered
    if (kept && this.told.has(chat)) return;
    this.told.add(chat);
    const t = translator(this.deps.services.config.defaultLanguage);
    const text = t(kept ? 'outage.held' : 'outage.refused');
    if (!this.deps.transport.isReady()) return;
    await this.deps.transport.sendText(
      msg.roomId ? { roomId: msg.roomId } : { contactId: msg.talkerId },
      msg.roomId ? `@${msg.talkerName} ${text}` : text,
      msg.roomId ? [msg.talkerId] : [],
    );
  }

  private async probeUntilUp(): Promise<void> {
    const { db, log } = this.deps.services;
    const every = this.deps.probeEvery ?? 1000;
    while (!this.stopped && this.held.length) {
      await new Promise((r) => setTimeout(r, every));
      if (!db.isUp() || !(await db.ping())) continue;
      log.info({ held: this.held.length }, 'database back: handling held messages');
      while (!this.stopped && this.held.length) {
        const msg = this.held[0]!;
        // the age check is for backlogs the bot never saw; these were seen and promised an answer
        const outcome = await this.deps.handle({ ...msg, at: new Date(), replayed: true });
        if (outcome === 'error' && !(await db.ping())) break; // down again: keep it, wait
        this.held.shift();
        this.deps.spool?.done(msg.id);
      }
      if (!this.held.length) this.told.clear();
    }
  }
}
