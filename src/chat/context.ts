import { writesEnglish } from './text/script.js';
import type { Services } from '../app.js';
import type { RoomDoc } from '../data/models/room.js';
import type { Actor } from '../domain/actor.js';
import { RESIDENT_ROLES, STAFF_ROLES } from '../domain/roles.js';
import { translator, type TFunction } from '../i18n.js';
import type { NormalizedText } from './text/normalize.js';
import { maskForGroup } from './text/unit-address.js';
import { queueChatMessage } from '../notify/outbox.js';
import type { InboundMessage } from './types.js';
import type { ChatTransport } from './transport.js';

export type Room = RoomDoc & { _id: unknown };

/** Conversation key: one flow per chat and sender. */
export const conversationKeyOf = (msg: Pick<InboundMessage, 'platform' | 'roomId' | 'talkerId'>) =>
  `${msg.platform}:${msg.roomId ?? 'dm'}:${msg.talkerId}`;

/** One inbound message being handled: who speaks, where, in which language, and how to answer. */
export class ChatContext {
  private replies = 0;
  private reports = 0;
  readonly t: TFunction;

  constructor(
    readonly services: Services,
    readonly msg: InboundMessage,
    readonly norm: NormalizedText,
    readonly actor: Actor | undefined,
    readonly room: Room | undefined,
    /** The text as written, without the @mention of the bot (kept on tickets). */
    readonly original: string,
    readonly transport?: ChatTransport,
  ) {
    // a sender who chose no language is answered in the script or language they write
    const written = norm.traditional
      ? 'zh-TW'
      : writesEnglish(norm.text)
        ? 'en'
        : services.config.defaultLanguage;
    // and one kept in English who now writes a sentence in Chinese is answered in Chinese
    const chinese = (norm.text.match(/\p{Script=Han}/gu) ?? []).length >= 4 && !/[a-z]{3,}/i.test(norm.text);
    this.language = actor?.language === 'en' && chinese ? written : (actor?.language ?? written);
    this.t = translator(this.language);
  }

  readonly language: string;

  get text(): string {
    return this.norm.text;
  }
  get inGroup(): boolean {
    return Boolean(this.msg.roomId);
  }
  get isResident(): boolean {
    return Boolean(this.actor?.roles.some((r) => RESIDENT_ROLES.includes(r)));
  }
  get isStaff(): boolean {
    return Boolean(this.actor?.roles.some((r) => STAFF_ROLES.includes(r)));
  }
  /** How many reports this message finished before (a redelivery counts them the same way). */
  nextReport(): number {
    return this.reports++;
  }
  /** Conversation key: per chat and sender. */
  get conversationKey(): string {
    return conversationKeyOf(this.msg);
  }
  get directKey(): string {
    return `${this.msg.platform}:dm:${this.msg.talkerId}`;
  }

  /**
   * Answers in the chat the message came from (in a group: @ the sender, with phone and room
   * numbers masked), or privately when asked to.
   */
  async reply(text: string, opts: { private?: boolean; ticketNumber?: string } = {}): Promise<void> {
    const n = this.replies++;
    const group = this.inGroup && !opts.private;
    await queueChatMessage({
      key: `reply:${this.msg.platform}:${this.msg.id}:${n}`,
      roomId: group ? this.msg.roomId : undefined,
      contactId: group ? undefined : this.msg.talkerId,
      mentions: group ? [{ contactId: this.msg.talkerId, name: this.msg.talkerName }] : [],
      text: group ? maskForGroup(text) : text,
      audience: this.isStaff ? 'staff' : 'owner',
      reason: 'reply',
      ticketNumber: opts.ticketNumber,
    });
  }

  async say(
    key: string,
    params: Record<string, unknown> = {},
    opts: { private?: boolean; ticketNumber?: string } = {},
  ) {
    await this.reply(this.t(key, params), opts);
  }
}
