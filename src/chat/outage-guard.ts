import type { Services } from '../app.js';
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
}

/**
 * Between the bot and the pipeline while the database is down: inbound messages are kept in
 * memory, in order, and handled when it answers again; the sender is told once per chat and
 * outage (direct chats, or when the bot is addressed in a group) that the message is kept and
 * will be answered (`outage.held`). A message that failed because the database went away while
 * it was handled is kept too. Outbound messages wait in the outbox by themselves.
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
    // while anything is held, later messages queue behind it: one sender's order is kept
    if (this.held.length || !this.deps.services.db.isUp()) return this.hold(msg);
    const outcome = await this.deps.handle(msg);
    if (outcome === 'error' && !(await this.deps.services.db.ping())) return this.hold(msg);
    return outcome;
  }

  /** Stops probing (shutdown); what is still held is lost with the process, as logged. */
  stop(): void {
    this.stopped = true;
    if (this.held.length)
      this.deps.services.log.warn({ held: this.held.length }, 'held messages not handled');
  }

  private async hold(msg: InboundMessage): Promise<'held'> {
    const { log, metrics } = this.deps.services;
    const kept = this.held.length < (this.deps.maxHeld ?? 1000);
    if (kept) this.held.push(msg);
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
        const outcome = await this.deps.handle({ ...msg, at: new Date() });
        if (outcome === 'error' && !(await db.ping())) break; // down again: keep it, wait
        this.held.shift();
      }
      if (!this.held.length) this.told.clear();
    }
  }
}
