import { join } from 'node:path';
import qrcode from 'qrcode-terminal';
import { WechatyBuilder, log as wechatyLog, types, type Message, type Wechaty, type Contact } from 'wechaty';
import type { impls } from 'wechaty-puppet';

type WechatyInterface = Wechaty;
type PuppetInterface = impls.PuppetInterface;
import type { Config } from '../src/config/schema.js';
import type { Logger } from '../src/log.js';
import type { ChatTarget, ChatTransport } from '../src/chat/transport.js';
import type { InboundMessage } from '../src/chat/types.js';

export type BotState = 'stopped' | 'starting' | 'waiting_for_scan' | 'logged_in' | 'logged_out' | 'failed';

export interface BotDeps {
  config: Config;
  log: Logger;
  /** A puppet instance (the mock), or none to build the one the configuration names. */
  puppet?: PuppetInterface;
  platform: string;
  onMessage(msg: InboundMessage): Promise<unknown>;
  onLogin?(bot: ChatBot): Promise<void>;
  onFriendRequest?(contactId: string, name: string): Promise<void>;
}

/**
 * The Wechaty bot: built with the configured puppet, logs every lifecycle event, keeps its login
 * session under the data folder (no new scan after a restart), restarts with backoff after a
 * logout or a puppet failure, and converts messages for the pipeline. It is also the transport
 * the outbound queue sends through.
 */
export class ChatBot implements ChatTransport {
  private bot?: WechatyInterface;
  private state: BotState = 'stopped';
  private qr?: { value: string; status: string; at: Date };
  private restarts = 0;
  private restartTimer?: NodeJS.Timeout;
  private stopping = false;
  private lastError?: string;

  constructor(private readonly deps: BotDeps) {}

  get platform(): string {
    return this.deps.platform;
  }

  isReady(): boolean {
    return this.state === 'logged_in' && Boolean(this.bot?.isLoggedIn);
  }

  async start(): Promise<void> {
    const { config, log } = this.deps;
    // Wechaty logs through its own logger (brolog): only its errors, and none when we are silent.
    wechatyLog.level(
      config.logLevel === 'silent'
        ? 'silent'
        : config.logLevel === 'debug' || config.logLevel === 'trace'
          ? 'verbose'
          : 'error',
    );
    this.stopping = false;
    this.state = 'starting';
    const puppet =
      this.deps.puppet ?? (config.bot.puppet === 'mock' ? 'wechaty-puppet-mock' : config.bot.puppet);
    const bot = WechatyBuilder.build({
      name: join(config.dataDir, 'wechaty-session'),
      puppet: puppet as never,
      ...(config.bot.token ? { puppetOptions: { token: config.bot.token } } : {}),
    });
    this.bot = bot;
    bot.on('scan', (value, status) => {
      this.state = 'waiting_for_scan';
      this.qr = { value, status: types.ScanStatus[status] ?? String(status), at: new Date() };
      log.info(
        { status: this.qr.status, url: `https://wechaty.js.org/qrcode/${encodeURIComponent(value)}` },
        'scan the QR code to log in (also at GET /api/v1/bot/qr)',
      );
      if (value && process.stdout.isTTY) qrcode.generate(value, { small: true });
    });
    bot.on('login', (user) => {
      this.state = 'logged_in';
      this.qr = undefined;
      this.restarts = 0;
      log.info({ user: user.name(), id: user.id }, 'bot logged in');
      void this.deps.onLogin?.(this).catch((err: unknown) => log.error({ err }, 'after-login work failed'));
    });
    bot.on('logout', (user, reason) => {
      this.state = 'logged_out';
      log.warn({ user: user.name(), reason }, 'bot logged out');
      this.scheduleRestart('logout');
    });
    bot.on('error', (err) => {
      this.lastError = err instanceof Error ? err.message : String(err);
      log.error({ err }, 'bot error');
      if (!this.stopping && this.state !== 'logged_in' && this.state !== 'waiting_for_scan') {
        this.state = 'failed';
        this.scheduleRestart('error');
      }
    });
    bot.on('friendship', async (friendship) => {
      try {
        if (friendship.type() !== types.Friendship.Receive || !config.bot.autoAcceptFriends) return;
        await friendship.accept();
        const contact = friendship.contact();
        log.info({ contact: contact.id }, 'friend request accepted');
        await this.deps.onFriendRequest?.(contact.id, contact.name());
      } catch (err) {
        log.error({ err }, 'friend request failed');
      }
    });
    bot.on('message', async (message) => {
      try {
        await this.deps.onMessage(await this.convert(message));
      } catch (err) {
        log.error({ err, id: message.id }, 'message conversion failed');
      }
    });
    try {
      await bot.start();
    } catch (err) {
      this.state = 'failed';
      this.lastError = err instanceof Error ? err.message : String(err);
      log.error({ err }, 'bot failed to start');
      this.scheduleRestart('start failed');
    }
  }

  private scheduleRestart(reason: string): void {
    if (this.stopping || this.restartTimer) return;
    const { restartMinDelay, restartMaxDelay } = this.deps.config.bot;
    const delay = Math.min(restartMaxDelay, restartMinDelay * 2 ** this.restarts);
    this.restarts++;
    this.deps.log.warn({ reason, delayMs: delay, attempt: this.restarts }, 'bot restarting');
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      void (async () => {
        await this.bot?.stop().catch(() => undefined);
        if (!this.stopping) await this.start();
      })();
    }, delay);
    this.restartTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    await this.bot?.stop().catch((err: unknown) => this.deps.log.warn({ err }, 'bot stop failed'));
    this.state = 'stopped';
  }

  /** What Wechaty delivered, as the pipeline's plain message. */
  private async convert(message: Message): Promise<InboundMessage> {
    const talker = message.talker();
    const room = message.room();
    const type = message.type();
    const self = message.self();
    let mentionSelf = false;
    let mentionIds: string[] = [];
    if (room && type === types.Message.Text && !self) {
      const mentioned = await message.mentionList();
      const me = this.bot!.currentUser.id;
      mentionSelf = mentioned.some((c) => c.id === me);
      mentionIds = mentioned.filter((c) => c.id !== me).map((c) => c.id);
    }
    const alias = self ? undefined : await talker.alias().catch(() => undefined);
    return {
      id: message.id,
      platform: this.platform,
      talkerId: talker.id,
      talkerName: talker.name(),
      talkerAlias: alias ?? undefined,
      roomId: room?.id,
      roomTopic: room ? await room.topic().catch(() => undefined) : undefined,
      type: type === types.Message.Text ? 'text' : type === types.Message.Image ? 'image' : 'other',
      text: type === types.Message.Text ? message.text() : '',
      mentionSelf,
      mentionIds,
      self,
      at: message.date(),
      image: type === types.Message.Image ? async () => (await message.toFileBox()).toBuffer() : undefined,
    };
  }

  async sendText(target: ChatTarget, text: string, mentionIds: string[]): Promise<void> {
    const bot = this.bot;
    if (!bot || !this.isReady()) throw new Error('bot not logged in');
    if (target.roomId) {
      const room = await bot.Room.find({ id: target.roomId });
      if (!room) throw new Error(`room ${target.roomId} not found`);
      const mentions = (await Promise.all(mentionIds.map((id) => bot.Contact.find({ id })))).filter(
        (c: Contact | undefined): c is Contact => Boolean(c),
      );
      await room.say(text, ...mentions);
      return;
    }
    const contact = await bot.Contact.find({ id: target.contactId! });
    if (!contact) throw new Error(`contact ${target.contactId} not found`);
    await contact.say(text);
  }

  /** Every contact the account knows, with its remark, for re-mapping identities after login. */
  async contacts(): Promise<Array<{ id: string; name: string; alias?: string }>> {
    const all = (await this.bot?.Contact.findAll()) ?? [];
    return Promise.all(
      all.map(async (c: Contact) => ({
        id: c.id,
        name: c.name(),
        alias: (await c.alias().catch(() => undefined)) ?? undefined,
      })),
    );
  }

  async setAlias(contactId: string, alias: string): Promise<void> {
    const contact = await this.bot?.Contact.find({ id: contactId });
    await contact?.alias(alias);
  }

  /** For /healthz and GET /api/v1/bot/qr. */
  health() {
    return {
      status: this.isReady() ? 'up' : this.state === 'waiting_for_scan' ? 'waiting_for_scan' : 'down',
      state: this.state,
      puppet: this.deps.config.bot.puppet,
      restarts: this.restarts,
      lastError: this.lastError,
    };
  }

  qrCode() {
    return this.qr
      ? { ...this.qr, url: `https://wechaty.js.org/qrcode/${encodeURIComponent(this.qr.value)}` }
      : undefined;
  }
}
