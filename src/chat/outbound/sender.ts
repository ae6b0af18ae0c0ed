import Bottleneck from 'bottleneck';
import { DateTime } from 'luxon';
import type { Config } from '../../config/schema.js';
import { ChatIdentity, MessageLog } from '../../data/models/index.js';
import type { Logger } from '../../log.js';
import type { Metrics } from '../../metrics.js';
import { Outbox, type OutboxDoc } from '../../notify/outbox.js';
import type { ChatTarget, ChatTransport } from '../transport.js';

type Row = OutboxDoc & { _id: string };

export interface OutboundStats {
  pending: number;
  sentToday: number;
  failed: number;
  inFlight: number;
}

/**
 * The one way messages leave the bot. Rows of the outbox (replies, notices, reminders) are sent
 * in queue order per chat, paced by Bottleneck: a global per-minute reservoir, a minimum interval
 * per chat, a random pause when switching chats, and a daily cap. A row is marked `sending`
 * before the puppet is called and `sent` after; a row found `sending` at start may or may not have
 * gone out, so it is marked `unknown` and never sent again (at most once, never twice).
 */
export class OutboundSender {
  private readonly global: Bottleneck;
  private readonly chats: Bottleneck.Group;
  private readonly inFlight = new Set<string>();
  private timer?: NodeJS.Timeout;
  private polling?: Promise<void>;
  private stopped = true;
  private lastChat?: string;
  /** When each chat last got a message: the interval is kept between sends, not job starts. */
  private readonly lastSent = new Map<string, number>();
  private day = '';
  private sentToday = 0;

  constructor(
    private readonly deps: {
      config: Config;
      log: Logger;
      transport: ChatTransport;
      metrics?: Metrics;
      clock?: () => Date;
    },
  ) {
    const o = deps.config.outbound;
    this.global = new Bottleneck({
      reservoir: o.perMinute,
      reservoirRefreshAmount: o.perMinute,
      reservoirRefreshInterval: 60_000,
    });
    this.chats = new Bottleneck.Group({ maxConcurrent: 1, minTime: o.perChatInterval });
  }

  private now(): Date {
    return this.deps.clock?.() ?? new Date();
  }

  private today(): string {
    return DateTime.fromJSDate(this.now(), { zone: this.deps.config.timezone }).toISODate()!;
  }

  async start(): Promise<void> {
    const stale = await Outbox.updateMany({ status: 'sending' }, { $set: { status: 'unknown' } });
    if (stale.modifiedCount)
      this.deps.log.warn({ count: stale.modifiedCount }, 'messages interrupted while sending: not resent');
    await this.countToday();
    this.stopped = false;
    this.schedulePoll(0);
  }

  private async countToday(): Promise<void> {
    this.day = this.today();
    const midnight = DateTime.fromISO(this.day, { zone: this.deps.config.timezone }).toJSDate();
    this.sentToday = await Outbox.countDocuments({ status: 'sent', sentAt: { $gte: midnight } });
  }

  private schedulePoll(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.polling = this.poll()
        .catch((err: unknown) => this.deps.log.error({ err }, 'outbound poll failed'))
        .finally(() => this.schedulePoll(this.deps.config.outbound.pollEvery));
    }, delay);
  }

  /** Sends what is due now (also called right after a message is queued, to save the poll wait). */
  async poll(): Promise<void> {
    if (this.stopped || !this.deps.transport.isReady()) return;
    if (this.today() !== this.day) await this.countToday();
    const rows = await Outbox.find({ status: 'pending', sendAfter: { $lte: this.now() } })
      .sort({ order: 1 })
      .limit(100)
      .lean<Row[]>();
    for (const row of rows) {
      if (this.inFlight.has(row._id)) continue;
      this.inFlight.add(row._id);
      const target = await this.resolve(row);
      if (!target) {
        this.inFlight.delete(row._id);
        continue;
      }
      const chat = target.roomId ?? target.contactId!;
      void this.chats
        .key(chat)
        .schedule(() => this.global.schedule(() => this.send(row, target, chat)))
        .catch((err: unknown) => {
          if (this.stopped) return; // dropped at shutdown: still pending, sent after the restart
          this.deps.log.error({ err, id: row._id }, 'outbound send crashed');
        })
        .finally(() => this.inFlight.delete(row._id));
    }
  }

  /** A row for a person goes to their most recently seen chat contact on this platform. */
  private async resolve(row: Row): Promise<ChatTarget | undefined> {
    if (row.roomId || row.contactId)
      return { roomId: row.roomId ?? undefined, contactId: row.contactId ?? undefined };
    const identity = await ChatIdentity.findOne({
      platform: this.deps.transport.platform,
      personId: row.personId,
    })
      .sort({ lastSeenAt: -1 })
      .lean();
    if (identity) return { contactId: identity.contactId };
    await Outbox.updateOne({ _id: row._id }, { $set: { status: 'failed', lastError: 'no_chat_identity' } });
    this.deps.log.warn(
      { id: row._id, personId: row.personId, reason: row.reason },
      'no chat contact for person',
    );
    this.deps.metrics?.chatOutbound.inc({ result: 'undeliverable' });
    return undefined;
  }

  private async send(row: Row, target: ChatTarget, chat: string): Promise<void> {
    if (this.sentToday >= this.deps.config.outbound.dailyCap) {
      this.deps.log.warn(
        { id: row._id, cap: this.deps.config.outbound.dailyCap },
        'daily send cap reached: held',
      );
      this.deps.metrics?.chatOutbound.inc({ result: 'held' });
      return;
    }
    if (this.lastChat && this.lastChat !== chat) {
      const jitter = Math.random() * this.deps.config.outbound.switchJitter;
      await new Promise((r) => setTimeout(r, jitter));
    }
    this.lastChat = chat;
    const attempts = (row.attempts ?? 0) + 1;
    await Outbox.updateOne({ _id: row._id }, { $set: { status: 'sending', attempts } });
    const wait = (this.lastSent.get(chat) ?? 0) + this.deps.config.outbound.perChatInterval - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (this.lastSent.size > 10_000) {
      const old = Date.now() - this.deps.config.outbound.perChatInterval;
      for (const [k, at] of this.lastSent) if (at < old) this.lastSent.delete(k);
    }
    try {
      this.lastSent.set(chat, Date.now());
      await this.deps.transport.sendText(target, row.text, row.mentions ?? []);
    } catch (err) {
      const retry = attempts <= this.deps.config.outbound.retries;
      const delay = this.deps.config.outbound.retryDelay * 2 ** (attempts - 1);
      await Outbox.updateOne(
        { _id: row._id },
        {
          $set: {
            status: retry ? 'pending' : 'failed',
            sendAfter: new Date(this.now().getTime() + delay),
            lastError: err instanceof Error ? err.message : String(err),
          },
        },
      );
      this.deps.log.warn({ err, id: row._id, attempts, retry }, 'send failed');
      this.deps.metrics?.chatOutbound.inc({ result: retry ? 'retry' : 'failed' });
      return;
    }
    const sentAt = this.now();
    this.sentToday++;
    await Outbox.updateOne({ _id: row._id }, { $set: { status: 'sent', sentAt, ...target } });
    await MessageLog.create({
      platformMessageId: `out:${row._id}`,
      direction: 'out',
      chatId: chat,
      roomId: target.roomId,
      contactId: target.contactId,
      personId: row.personId,
      text: row.text,
      ticketNumber: row.ticketNumber,
      at: sentAt,
    }).catch((err: unknown) => this.deps.log.warn({ err, id: row._id }, 'outbound log failed'));
    this.deps.metrics?.chatOutbound.inc({ result: 'sent' });
    if (row.createdAt)
      this.deps.metrics?.outboxDelay.observe(
        { audience: row.audience },
        (sentAt.getTime() - new Date(row.createdAt).getTime()) / 1000,
      );
    this.deps.log.debug({ id: row._id, chat, reason: row.reason }, 'sent');
  }

  /** Resolves when nothing caused by `causeId` is still pending or sending (the simulator waits). */
  async settled(causeId: string, timeoutMs: number): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      const open = await Outbox.countDocuments({
        causeId,
        status: { $in: ['pending', 'sending'] },
        sendAfter: { $lte: new Date(Date.now() + 1000) },
      });
      if (!open) return true;
      void this.poll();
      await new Promise((r) => setTimeout(r, 50));
    }
    return false;
  }

  async stats(): Promise<OutboundStats> {
    const [pending, failed] = await Promise.all([
      Outbox.countDocuments({ status: 'pending' }),
      Outbox.countDocuments({ status: 'failed' }),
    ]);
    return { pending, failed, sentToday: this.sentToday, inFlight: this.inFlight.size };
  }

  /**
   * Stops polling, lets a send in progress finish and drops the ones still waiting for their turn
   * (they stay pending in the outbox and go after the restart).
   */
  async drain(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.polling;
    await this.global.stop({ dropWaitingJobs: true }).catch(() => undefined);
    const until = Date.now() + 10_000;
    while (this.inFlight.size && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    await this.global.disconnect();
    for (const limiter of this.chats.limiters()) await limiter.limiter.disconnect();
  }
}
