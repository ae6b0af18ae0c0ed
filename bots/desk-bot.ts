import type { Services } from '../src/app.js';
import { ChatPipeline } from '../src/chat/pipeline.js';
import { OutageGuard } from '../src/chat/outage-guard.js';
import { COMMANDS } from '../src/chat/commands/index.js';
import { OWNER_ASIDES } from '../src/chat/asides.js';
import { FlowEngine } from '../src/chat/flow-engine.js';
import { remapContacts } from '../src/chat/identity.js';
import { queueChatMessage } from '../src/notify/outbox.js';
import { OutboundSender } from '../src/chat/outbound/sender.js';
import { whileDatabaseDown } from '../src/data/errors.js';
import { Outbox } from '../src/notify/outbox.js';
import { Person } from '../src/data/models/index.js';
import { translator } from '../src/i18n.js';
import { FLOWS } from '../flows/index.js';
import { platformFor } from '../src/chat/platform.js';
import { WecomWebhookNotifier } from '../src/notify/wecom-webhook.js';
import { ChatBot } from './chat-bot.js';
import type { ChatDesk, SimulatorReply } from '../src/chat/desk.js';
import { MockWorld, type SimulatedMessage } from './mock-world.js';
import { InboundSpool, type SpooledMessage } from '../src/data/inbound-spool.js';

export interface DeskBotOptions {
  /**
   * Keep received messages in `<spoolDir>/inbound-spool.jsonl` until handled, and handle at start
   * what a stopped process left there (the service passes its data folder; one process per folder).
   */
  spoolDir?: string;
  /** Pacing options of the outbound sender beyond the configuration (benches). */
  outbound?: { budgetWindow?: number; ownerFirst?: boolean };
}

export type SimulatedReply = SimulatorReply;

/**
 * The chat side of the desk, assembled: Wechaty (with the mock world when the puppet is the
 * mock), the inbound pipeline with its commands and flows, and the outbound sender.
 */
export class DeskBot implements ChatDesk {
  readonly world?: MockWorld;
  readonly bot: ChatBot;
  readonly pipeline: ChatPipeline;
  readonly sender: OutboundSender;
  /** Keeps inbound messages while the database is down (answers the sender that it will). */
  readonly guard: OutageGuard;
  private readonly spool?: InboundSpool;
  private pending: SpooledMessage[] = [];

  constructor(
    private readonly services: Services,
    opts: DeskBotOptions = {},
  ) {
    const { config, log } = services;
    const platform = platformFor(config.bot.puppet);
    if (config.bot.puppet === 'mock') this.world = new MockWorld(config.bot.name, platform);
    const blog = log.child({ component: 'bot' });
    this.bot = new ChatBot({
      config,
      log: blog,
      platform,
      puppet: this.world?.puppet,
      onMessage: (m) => this.guard.handle(m),
      onLogin: async (bot) => {
        if (this.world) return;
        const moved = await this.remap(await bot.contacts());
        if (moved) blog.info({ moved }, 'contacts re-mapped after login');
      },
      onFriendRequest: async (contactId) => {
        await queueChatMessage({
          key: `greeting:${platform}:${contactId}`,
          contactId,
          text: translator(undefined)('chat.greeting'),
          audience: 'owner',
          reason: 'greeting',
        });
      },
    });
    this.pipeline = new ChatPipeline({
      services,
      commands: COMMANDS,
      flows: new FlowEngine(FLOWS, config.bot.flowIdleTimeout, undefined, OWNER_ASIDES, config.bot.draftKeep),
      transport: this.bot,
      botName: config.bot.name,
    });
    if (opts.spoolDir) ({ spool: this.spool, pending: this.pending } = InboundSpool.openIn(opts.spoolDir));
    this.guard = new OutageGuard({
      services,
      transport: this.bot,
      handle: (m) => this.pipeline.handle(m),
      spool: this.spool,
    });
    this.sender = new OutboundSender({
      config,
      log: log.child({ component: 'outbound' }),
      transport: this.bot,
      metrics: services.metrics,
      overflow: wecomOverflow(services),
      ...opts.outbound,
    });
  }

  async start(): Promise<void> {
    await this.bot.start();
    if (this.world) {
      await this.world.populate();
      await waitFor(() => this.bot.isReady(), 10_000);
    }
    await this.sender.start();
    this.services.health.bot = async () => ({ ...this.bot.health(), outbound: await this.sender.stats() });
    // what a stopped process received and never answered (in the background: the service is up)
    const pending = this.pending;
    this.pending = [];
    void this.guard
      .replay(pending)
      .catch((err: unknown) => this.services.log.error({ err }, 'replay of received messages failed'));
  }

  /** Messages received and not yet handled (kept in the spool). */
  get spooled(): number {
    return this.spool?.openCount ?? 0;
  }

  hasRoom(topic: string): boolean {
    return Boolean(this.world?.room(topic));
  }

  ready(): boolean {
    return this.bot.isReady();
  }

  qrCode() {
    return this.bot.qrCode();
  }

  /** Re-maps contacts whose ids changed (some puppets change them on every login). */
  async remap(contacts: Array<{ id: string; name: string; alias?: string }>): Promise<number> {
    return remapContacts(this.bot.platform, contacts);
  }

  async stop(): Promise<void> {
    this.guard.stop();
    await this.pipeline.idle();
    await this.sender.drain();
    await this.bot.stop();
    this.spool?.close();
  }

  /**
   * The simulator: delivers a message through the puppet and the real pipeline, waits until it is
   * handled and what it caused has been sent, and returns every message the bot sent because of it.
   */
  async simulate(
    m: SimulatedMessage,
    timeoutMs = 15_000,
  ): Promise<{ id: string; outcome: string; replies: SimulatedReply[] }> {
    const world = this.world;
    if (!world) throw new Error('the simulator needs the mock puppet');
    await whileDatabaseDown(() => world.refresh());
    let id = '';
    const handled = new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('message not handled in time')), timeoutMs);
      const listener = (mid: string, outcome: string) => {
        if (mid !== id) return;
        clearTimeout(timer);
        this.pipeline.off('handled', listener);
        resolve(outcome);
      };
      this.pipeline.on('handled', listener);
    });
    id = world.say(m);
    const outcome = await handled;
    await this.services.tickets.idle(); // what the message caused: dispatch, notices
    await this.sender.settled(id, timeoutMs);
    return { id, outcome, replies: await this.repliesTo(id) };
  }

  async repliesTo(causeId: string): Promise<SimulatedReply[]> {
    const rows = await Outbox.find({ causeId }).sort({ order: 1 }).lean();
    return Promise.all(rows.map((r) => this.view(r)));
  }

  /** Everything sent (or held) after the row with this order number, for GET /simulator/outbox. */
  async outbox(after = 0, limit = 100) {
    const rows = await Outbox.find({ order: { $gt: after } })
      .sort({ order: 1 })
      .limit(limit)
      .lean();
    return Promise.all(rows.map(async (r) => ({ id: r.order, ...(await this.view(r)) })));
  }

  private async view(r: {
    roomId?: string | null;
    contactId?: string | null;
    personId?: unknown;
    mentionNames?: string[];
    text: string;
    status?: string | null;
    sendAfter: Date;
  }): Promise<SimulatedReply> {
    const world = this.world!;
    let to: string | null = null;
    if (r.roomId) to = r.mentionNames?.[0] ?? null;
    else if (r.contactId) to = world.nameOf(r.contactId);
    else if (r.personId) to = (await Person.findById(r.personId, { name: 1 }).lean())?.name ?? null;
    return {
      to,
      room: r.roomId ? (world.topicOf(r.roomId) ?? r.roomId) : null,
      text: r.text,
      mentions: r.mentionNames ?? [],
      status: r.status ?? 'pending',
      sendAfter: r.sendAfter,
    };
  }
}

/** Staff notices over the bot's per-minute budget go to the WeCom group robot, when configured. */
function wecomOverflow(services: Services) {
  const { notify } = services.config;
  if (!notify.wecomWebhookUrl) return undefined;
  const wecom = new WecomWebhookNotifier(
    notify.wecomWebhookUrl,
    services.log.child({ component: 'outbound-overflow' }),
    notify.wecomRetries,
    notify.wecomRetryDelay,
  );
  return (row: {
    _id: string;
    personId?: unknown;
    text: string;
    reason: string;
    ticketNumber?: string | null;
  }) =>
    wecom.notify({
      personId: String(row.personId ?? ''),
      audience: 'staff',
      text: row.text,
      reason: row.reason,
      ticketNumber: row.ticketNumber ?? undefined,
      dedupeKey: row._id,
    });
}

async function waitFor(check: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('bot did not log in');
    await new Promise((r) => setTimeout(r, 20));
  }
}
