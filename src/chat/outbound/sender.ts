import Bottleneck from 'bottleneck';
import { DateTime } from 'luxon';
import type { Config } from '../../config/schema.js';
import { BatchWriter } from '../../data/batch.js';
import { OutboxQueue, outboxEvents } from '../../data/models/index.js';
import type { Logger } from '../../log.js';
import type { Metrics } from '../../metrics.js';
import { Outbox, type OutboxDoc } from '../../notify/outbox.js';
import { isStale } from '../../notify/held-notices.js';
import type { ChatTarget, ChatTransport } from '../transport.js';
import { latestIdentityOf } from '../identity.js';

type Row = OutboxDoc & { _id: string };

export interface OutboundStats {
  pending: number;
  sentToday: number;
  failed: number;
  inFlight: number;
}

/** Bottleneck priorities (lower goes first): an owner's answer before notices and reminders. */
export const OWNER_REPLY_PRIORITY = 1;
export const NOTICE_PRIORITY = 5;
const isOwnerReply = (row: Pick<Row, 'audience' | 'reason'>) =>
  row.audience === 'owner' && row.reason === 'reply';
/** The person of an owner notice waiting in the queue (released when they write: held-notices.ts). */
const ownerOf = (row: Pick<Row, 'audience' | 'personId'>) =>
  row.audience === 'owner' && row.personId ? String(row.personId) : undefined;

/**
 * The one way messages leave the bot. Rows of the outbox (replies, notices, reminders) are sent
 * in queue order per chat, paced by Bottleneck: a global per-minute reservoir, a minimum interval
 * per chat, a random pause when switching chats, and a daily cap. Within the per-minute cap a
 * reply to an owner's own message goes before queued notices (Bottleneck priority); when the
 * minute's budget is spent, staff notices go through `overflow` (the WeCom group robot) when one
 * is configured. A row is marked `sending` before the puppet is called and `sent` after; a row
 * found `sending` at start may or may not have gone out, so it is marked `unknown` and never sent
 * again (at most once, never twice).
 *
 * Where rows come from: a row queued by this process arrives at once (`outboxEvents`), with no
 * query; a row that must wait (quiet hours, a retry) is entered in the small `outboxqueue`
 * collection, polled every `outbound.pollEvery`; rows left pending by a stop or crash are read
 * once at start. Status writes of concurrent sends share one database command (BatchWriter).
 */
export class OutboundSender {
  private readonly global: Bottleneck;
  /** The part of the budget notices may use (owners' replies are not counted against it). */
  private readonly notices: Bottleneck;
  private readonly chats: Bottleneck.Group;
  private readonly inFlight = new Set<string>();
  private readonly openByCause = new Map<string, number>();
  private readonly rows = new BatchWriter(() => Outbox.collection);
  private timer?: NodeJS.Timeout;
  private polling?: Promise<void>;
  private stopped = true;
  private lastChat?: string;
  /** When each chat last got a message: the interval is kept between sends, not job starts. */
  private readonly lastSent = new Map<string, number>();
  private day = '';
  private sentToday = 0;
  private failed = 0;
  /** `outbound.pollEvery`, doubled (up to 8×) while the queue stays empty. */
  private pollDelay = 0;
  private readonly onQueued = (row: Row) =>
    void this.take(row).catch((err: unknown) =>
      this.deps.log.error({ err, id: row._id }, 'outbound take failed'),
    );

  constructor(
    private readonly deps: {
      config: Config;
      log: Logger;
      transport: ChatTransport;
      metrics?: Metrics;
      clock?: () => Date;
      /** Sends a staff notice another way when the bot's per-minute budget is spent (WeCom). */
      overflow?: (row: Row) => Promise<void>;
      /** The budget's window (default a minute; a bench compresses time with a shorter one). */
      budgetWindow?: number;
      /** Owners' replies before notices (default); false sends in queue order (for comparison). */
      ownerFirst?: boolean;
    },
  ) {
    const o = deps.config.outbound;
    this.global = new Bottleneck({
      reservoir: o.perMinute,
      reservoirRefreshAmount: o.perMinute,
      reservoirRefreshInterval: deps.budgetWindow ?? 60_000,
    });
    // notices may take what owners' replies do not keep (`outbound.ownerReserve`, a quarter)
    const forNotices =
      deps.ownerFirst === false
        ? o.perMinute
        : Math.max(1, o.perMinute - Math.ceil(o.perMinute * o.ownerReserve));
    this.notices = new Bottleneck({
      reservoir: forNotices,
      reservoirRefreshAmount: forNotices,
      reservoirRefreshInterval: deps.budgetWindow ?? 60_000,
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
    // once per start, the only reads of the whole outbox
    const stale = await Outbox.updateMany({ status: 'sending' }, { $set: { status: 'unknown' } });
    if (stale.modifiedCount)
      this.deps.log.warn({ count: stale.modifiedCount }, 'messages interrupted while sending: not resent');
    await this.countToday();
    const left = await Outbox.find({ status: 'pending' }).sort({ order: 1 }).lean<Row[]>();
    this.stopped = false;
    outboxEvents.on('queued', this.onQueued);
    for (const row of left) await this.take(row);
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
        .finally(() => this.schedulePoll(this.pollDelay || this.deps.config.outbound.pollEvery));
    }, delay);
  }

  /** A row to send: now when it is due and the bot is up, else entered in the queue for later. */
  private async take(row: Row, fromQueue = false): Promise<void> {
    if (this.stopped) return; // stays pending in the outbox: read again at the next start
    const due = new Date(row.sendAfter).getTime() <= this.now().getTime();
    if (!due || !this.deps.transport.isReady()) {
      if (!fromQueue) await this.later(row._id, new Date(row.sendAfter), row.order, ownerOf(row));
      return;
    }
    if (this.inFlight.has(row._id)) return;
    // a notice held through quiet hours may ask what the ticket no longer waits for
    if (fromQueue && (await isStale(row))) {
      await this.rows.updateById(row._id, { $set: { status: 'superseded' } });
      await OutboxQueue.deleteOne({ _id: row._id });
      this.deps.metrics?.chatOutbound.inc({ result: 'superseded' });
      return;
    }
    this.inFlight.add(row._id);
    const cause = row.causeId ?? undefined;
    this.opened(cause, 1);
    const target = await this.resolve(row, fromQueue);
    if (!target) {
      this.inFlight.delete(row._id);
      this.opened(cause, -1);
      return;
    }
    const chat = target.roomId ?? target.contactId!;
    const ownerReply = isOwnerReply(row) && this.deps.ownerFirst !== false;
    const priority = ownerReply ? OWNER_REPLY_PRIORITY : NOTICE_PRIORITY;
    // a notice takes its share of the budget before it queues in its chat, so that waiting for it
    // never holds up an owner's reply in the same chat
    void (ownerReply ? Promise.resolve() : this.notices.schedule(async () => undefined))
      .then(() =>
        this.chats.key(chat).schedule({ priority }, () => this.pace(row, target, chat, priority, fromQueue)),
      )
      .catch((err: unknown) => {
        if (this.stopped) return; // dropped at shutdown: still pending, sent after the restart
        this.deps.log.error({ err, id: row._id }, 'outbound send crashed');
      })
      .finally(() => {
        this.inFlight.delete(row._id);
        this.opened(cause, -1);
      });
  }

  /** Counts the rows of each cause being sent by this process (`settled` waits for none). */
  private opened(cause: string | undefined, by: 1 | -1): void {
    if (!cause) return;
    const n = (this.openByCause.get(cause) ?? 0) + by;
    if (n > 0) this.openByCause.set(cause, n);
    else this.openByCause.delete(cause);
  }

  /** The per-minute budget: owners' replies first; a staff notice over budget may overflow. */
  private async pace(row: Row, target: ChatTarget, chat: string, priority: number, fromQueue: boolean) {
    const spent =
      (await this.global.currentReservoir()) === 0 || (await this.notices.currentReservoir()) === 0;
    if (this.deps.overflow && row.audience === 'staff' && spent) {
      try {
        await this.deps.overflow(row);
        await this.rows.updateById(row._id, {
          $set: { status: 'sent', sentAt: this.now(), via: 'overflow' },
        });
        if (fromQueue) await OutboxQueue.deleteOne({ _id: row._id });
        this.deps.metrics?.chatOutbound.inc({ result: 'overflow' });
        return;
      } catch (err) {
        this.deps.log.warn({ err, id: row._id }, 'overflow channel failed: waiting for the bot');
      }
    }
    await this.global.schedule({ priority }, () => this.send(row, target, chat, fromQueue));
  }

  private async later(id: string, sendAfter: Date, order: number, personId?: string): Promise<void> {
    const set = personId ? { sendAfter, order, personId } : { sendAfter, order };
    await OutboxQueue.updateOne({ _id: id }, { $set: set }, { upsert: true });
    this.pollDelay = this.deps.config.outbound.pollEvery;
  }

  /** Sends the queued rows that are due (rows this process queued come without a poll). */
  async poll(): Promise<void> {
    if (this.stopped || !this.deps.transport.isReady()) return;
    if (this.today() !== this.day) await this.countToday();
    const due = await OutboxQueue.find({ sendAfter: { $lte: this.now() } })
      .sort({ order: 1 })
      .limit(100)
      .lean();
    const every = this.deps.config.outbound.pollEvery;
    this.pollDelay = due.length ? every : Math.min(every * 8, Math.max(every, this.pollDelay * 2));
    for (const entry of due) {
      if (this.inFlight.has(entry._id)) continue;
      const row = await Outbox.findById(entry._id).lean<Row>();
      if (!row || row.status !== 'pending') {
        await OutboxQueue.deleteOne({ _id: entry._id });
        continue;
      }
      await this.take({ ...row, sendAfter: entry.sendAfter }, true);
    }
  }

  /** A row for a person goes to their most recently seen chat contact on this platform. */
  private async resolve(row: Row, fromQueue: boolean): Promise<ChatTarget | undefined> {
    if (row.roomId || row.contactId)
      return { roomId: row.roomId ?? undefined, contactId: row.contactId ?? undefined };
    const identity = await latestIdentityOf(this.deps.transport.platform, row.personId);
    if (identity) return { contactId: identity.contactId };
    await this.rows.updateById(row._id, { $set: { status: 'failed', lastError: 'no_chat_identity' } });
    if (fromQueue) await OutboxQueue.deleteOne({ _id: row._id });
    this.failed++;
    this.deps.log.warn(
      { id: row._id, personId: row.personId, reason: row.reason },
      'no chat contact for person',
    );
    this.deps.metrics?.chatOutbound.inc({ result: 'undeliverable' });
    return undefined;
  }

  private async send(row: Row, target: ChatTarget, chat: string, fromQueue: boolean): Promise<void> {
    if (this.sentToday >= this.deps.config.outbound.dailyCap) {
      this.deps.log.warn(
        { id: row._id, cap: this.deps.config.outbound.dailyCap },
        'daily send cap reached: held',
      );
      this.deps.metrics?.chatOutbound.inc({ result: 'held' });
      await this.later(row._id, new Date(this.now().getTime() + 60_000), row.order);
      return;
    }
    if (this.lastChat && this.lastChat !== chat) {
      const jitter = Math.random() * this.deps.config.outbound.switchJitter;
      await new Promise((r) => setTimeout(r, jitter));
    }
    this.lastChat = chat;
    const attempts = (row.attempts ?? 0) + 1;
    await this.rows.updateById(row._id, { $set: { status: 'sending', attempts } });
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
      const sendAfter = new Date(this.now().getTime() + delay);
      await this.rows.updateById(row._id, {
        $set: {
          status: retry ? 'pending' : 'failed',
          sendAfter,
          lastError: err instanceof Error ? err.message : String(err),
        },
      });
      if (retry) await this.later(row._id, sendAfter, row.order);
      else {
        this.failed++;
        if (fromQueue) await OutboxQueue.deleteOne({ _id: row._id });
      }
      this.deps.log.warn({ err, id: row._id, attempts, retry }, 'send failed');
      this.deps.metrics?.chatOutbound.inc({ result: retry ? 'retry' : 'failed' });
      return;
    }
    const sentAt = this.now();
    this.sentToday++;
    // The outbox row is the record of what went out (kept for `retention.outbox`). The mark may
    // wait a moment to share a command with the next write: lost in a crash, the row stays
    // `sending`, becomes `unknown` at start and is not sent again (at most once holds).
    void this.rows
      .updateByIdSoon(row._id, { $set: { status: 'sent', sentAt, ...target } })
      .catch((err: unknown) => this.deps.log.warn({ err, id: row._id }, 'sent mark failed'));
    if (fromQueue) await OutboxQueue.deleteOne({ _id: row._id });
    this.deps.metrics?.chatOutbound.inc({ result: 'sent' });
    if (row.createdAt)
      this.deps.metrics?.outboxDelay.observe(
        { audience: row.audience },
        (sentAt.getTime() - new Date(row.createdAt).getTime()) / 1000,
      );
    this.deps.log.debug({ id: row._id, chat, reason: row.reason }, 'sent');
  }

  /**
   * Resolves when nothing caused by `causeId` is still being sent by this process (the simulator
   * waits). Rows are counted from the moment they are taken, which for a row this process queues
   * is the moment it is queued: no query (a poll of the outbox per waiting request, every 50 ms,
   * was most of the database's work in a 30-owner burst). Rows not yet due are not waited for.
   */
  async settled(causeId: string, timeoutMs: number): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    while (this.openByCause.has(causeId)) {
      if (Date.now() > until) return false;
      await new Promise((r) => setTimeout(r, 20));
    }
    await this.rows.flushNow(); // the caller reads the rows next: their marks written first
    return true;
  }

  /** For /healthz: rows waiting (in the queue or in this process), failed since start, sent today. */
  async stats(): Promise<OutboundStats> {
    const queued = await OutboxQueue.estimatedDocumentCount();
    return {
      pending: queued + this.inFlight.size,
      failed: this.failed,
      sentToday: this.sentToday,
      inFlight: this.inFlight.size,
    };
  }

  /**
   * Stops polling, lets a send in progress finish and drops the ones still waiting for their turn
   * (they stay pending in the outbox and go after the restart).
   */
  async drain(): Promise<void> {
    this.stopped = true;
    outboxEvents.off('queued', this.onQueued);
    if (this.timer) clearTimeout(this.timer);
    await this.polling;
    await this.notices.stop({ dropWaitingJobs: true }).catch(() => undefined);
    await this.global.stop({ dropWaitingJobs: true }).catch(() => undefined);
    const until = Date.now() + 10_000;
    while (this.inFlight.size && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    await this.rows.flushNow();
    await this.global.disconnect();
    await this.notices.disconnect();
    for (const limiter of this.chats.limiters()) await limiter.limiter.disconnect();
  }
}
