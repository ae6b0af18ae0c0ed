import { findTicketNumber } from './text/ticket-ref.js';
import { addToJustReported } from './commands/owner.js';
import { EventEmitter } from 'node:events';
import type { Services } from '../app.js';
import { MessageLog, Room } from '../data/models/index.js';
import { isDuplicateKey } from '../data/errors.js';
import { BatchWriter } from '../data/batch.js';
import { AppError } from '../domain/errors.js';
import type { Actor } from '../domain/actor.js';
import type { TicketKind } from '../domain/roles.js';
import { withCause } from '../notify/cause.js';
import { Outbox } from '../notify/outbox.js';
import { releaseHeld } from '../notify/held-notices.js';
import { afterQuietHours } from '../notify/quiet-hours.js';
import { appliesTo, type ChatCommand, type MatchInput } from './command.js';
import { ChatContext, conversationKeyOf, type Room as RoomDoc } from './context.js';
import type { FlowEngine } from './flow-engine.js';
import { resolveIdentity } from './identity.js';
import { addToCryForHelp } from './danger.js';
import { MENU, startReport } from './intake.js';
import { isGroupReport, warmUp } from './understand.js';
import { hasContent, normalizeText } from './text/normalize.js';
import type { ChatTransport } from './transport.js';
import type { InboundMessage } from './types.js';
import { cachedRead } from '../data/directory-cache.js';

export type Outcome = 'handled' | 'duplicate' | 'stale' | 'ignored' | 'too_long' | 'error';

export interface PipelineDeps {
  services: Services;
  commands: ChatCommand[];
  flows: FlowEngine;
  transport?: ChatTransport;
  botName: string;
}

const messageLogs = new BatchWriter(() => MessageLog.collection);

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Every inbound message goes through here, once: own and stale messages are dropped; the
 * platform message id is claimed in MessageLog (unique), so a redelivery changes and answers
 * nothing; messages of one sender are handled in order; one error boundary per message logs,
 * apologises and never lets an error escape.
 */
/** A thank-you or "got it" with nothing else in it. */
const ACKNOWLEDGEMENT =
  /^(?:(?:好的?|嗯+|哦+|行|ok|okay|收到|明白了?|知道了|了解|好嘞|辛苦了?|麻烦了?|谢谢|谢了|多谢|感谢|thanks?|thank you|thx)(?:你们?|师傅|物业|啦|了|哈|呀|啊)?(?:[\s,，。.!！~～]|👍|🙏|😊)*)+$/i;

export class ChatPipeline extends EventEmitter {
  private readonly chains = new Map<string, Promise<unknown>>();
  private readonly mention: RegExp;

  constructor(private readonly deps: PipelineDeps) {
    super();
    this.mention = new RegExp(`@${escape(deps.botName)}[\\s\\u2005]*`, 'g');
    warmUp();
  }

  private get log() {
    return this.deps.services.log;
  }

  async handle(msg: InboundMessage): Promise<Outcome> {
    const started = process.hrtime.bigint();
    const outcome = await this.accept(msg);
    const { metrics } = this.deps.services;
    metrics.chatInbound.inc({ outcome });
    if (outcome === 'handled' || outcome === 'error')
      metrics.chatHandling.observe(Number(process.hrtime.bigint() - started) / 1e9);
    this.emit('handled', msg.id, outcome);
    return outcome;
  }

  private async accept(msg: InboundMessage): Promise<Outcome> {
    if (msg.self) return 'ignored';
    const age = Date.now() - msg.at.getTime();
    // a replayed message was received before a restart: the sender still waits for the answer
    if (!msg.replayed && age > this.deps.services.config.bot.maxMessageAge) {
      this.log.info({ id: msg.id, ageMs: age }, 'stale message ignored');
      return 'stale';
    }
    try {
      // one insert, batched with the other messages of this tick; a redelivery is a duplicate key
      const now = new Date();
      await messageLogs.insert({
        _id: `${msg.platform}:${msg.id}`,
        platformMessageId: `${msg.platform}:${msg.id}`,
        direction: 'in',
        chatId: msg.roomId ?? msg.talkerId,
        ...(msg.roomId ? { roomId: msg.roomId } : {}),
        contactId: msg.talkerId,
        type: msg.type,
        text: msg.text.slice(0, 2000),
        at: msg.at,
        createdAt: now,
        updatedAt: now,
      });
    } catch (err) {
      if (!isDuplicateKey(err)) {
        this.log.error({ err, id: msg.id }, 'message log failed');
        return 'error';
      }
      // a redelivery; or claimed before a crash, and handled again if nothing was sent for it yet
      if (!msg.replayed || (await Outbox.exists({ causeId: msg.id }))) return 'duplicate';
      this.log.warn({ id: msg.id }, 'message received before a restart and never answered: handled now');
    }
    const key = `${msg.platform}:${msg.talkerId}`;
    const previous = this.chains.get(key) ?? Promise.resolve();
    // The reactions to what the message changed (dispatch, notices) start once its replies are queued.
    const run = previous.then(() =>
      withCause(msg.id, () => this.deps.services.tickets.deferReactions(() => this.guarded(msg))),
    );
    this.chains.set(key, run);
    try {
      return await run;
    } finally {
      if (this.chains.get(key) === run) this.chains.delete(key);
    }
  }

  /** The error boundary: an AppError is explained, anything else logged and apologised for. */
  private async guarded(msg: InboundMessage): Promise<Outcome> {
    let ctx: ChatContext | undefined;
    try {
      const outcome = await this.process(msg, (c) => (ctx = c));
      if (ctx) await this.awake(ctx);
      return outcome;
    } catch (err) {
      if (ctx && err instanceof AppError) {
        await ctx.say(`errors.${err.code}`, err.params).catch(() => undefined);
        return 'handled';
      }
      this.log.error({ err, id: msg.id, talker: msg.talkerId, room: msg.roomId }, 'message handling failed');
      try {
        const reply =
          ctx ??
          new ChatContext(
            this.deps.services,
            msg,
            normalizeText(''),
            undefined,
            undefined,
            '',
            this.deps.transport,
          );
        await reply.say('chat.sorry');
      } catch (inner) {
        this.log.error({ err: inner, id: msg.id }, 'apology failed');
      }
      return 'error';
    }
  }

  private async process(msg: InboundMessage, expose: (ctx: ChatContext) => void): Promise<Outcome> {
    const { services } = this.deps;
    const original = msg.text.replace(this.mention, ' ').trim();
    const norm = normalizeText(original);
    const roomFilter = { platform: msg.platform, platformRoomId: msg.roomId, active: true };
    const room = msg.roomId
      ? (((await cachedRead('rooms', roomFilter, () => Room.findOne(roomFilter).lean())) as RoomDoc | null) ??
        undefined)
      : undefined;
    const input = { text: norm.text, inGroup: Boolean(msg.roomId), roomPurpose: room?.purpose };
    const active = await this.deps.flows.active(conversationKeyOf(msg));

    // Where the bot listens: unregistered rooms only for their registration; owners' groups when
    // addressed, on trigger words, on what the group gate reads as a report (isGroupReport) or
    // mid-conversation; staff groups when addressed or commanded.
    // Decided before the speaker is looked up, so group chatter costs no identity queries.
    let bindRoom: { command: ChatCommand; parsed: unknown } | undefined;
    if (msg.roomId) {
      if (!room) {
        const command = this.deps.commands.find((c) => c.open && c.name === 'bind-room');
        const parsed = command?.match(input);
        if (!command || parsed === undefined) return 'ignored';
        bindRoom = { command, parsed };
      } else {
        const triggered =
          msg.mentionSelf ||
          // a kept draft answers only when addressed: it is no longer a conversation under way
          Boolean(active && !active.parked) ||
          services.config.bot.triggerWords.some((w) => norm.text.includes(w)) ||
          (room.purpose === 'owners' && isGroupReport(norm.text)) ||
          // "进度 BX…" in an owners' group: answered privately, never left unanswered
          (room.purpose === 'owners' && norm.text.length <= 40 && Boolean(findTicketNumber(norm.text))) ||
          (room.purpose !== 'owners' && this.deps.commands.some((c) => c.match(input) !== undefined));
        if (!triggered) return 'ignored';
      }
    }

    const identity = await resolveIdentity(msg);
    let actor: Actor | undefined;
    if (identity?.personId)
      actor = await services.directory.actorForPerson(String(identity.personId)).catch(() => undefined);
    const ctx = new ChatContext(services, msg, norm, actor, room, original, this.deps.transport);
    expose(ctx);
    if (bindRoom) {
      await bindRoom.command.handle(ctx, bindRoom.parsed);
      return 'handled';
    }
    if (msg.text.length > services.config.bot.maxTextLength) {
      this.log.warn({ id: msg.id, length: msg.text.length }, 'over-long message not processed');
      if (!msg.roomId || msg.mentionSelf)
        await ctx.say('chat.too_long', { max: services.config.bot.maxTextLength });
      return 'too_long';
    }

    if (msg.type === 'image') {
      if (active && msg.image && (await this.deps.flows.photo(ctx, active, await msg.image())))
        return 'handled';
      // before any words: kept for the report that follows
      if (!msg.roomId && msg.image) await this.deps.flows.holdPhoto(ctx, await msg.image());
      else if (!msg.roomId) await ctx.say('chat.photo_without_flow');
      return 'handled';
    }
    if (msg.type !== 'text') {
      if (!msg.roomId) await ctx.say('chat.unsupported');
      return 'handled';
    }
    if (!hasContent(norm.text)) {
      if (active && (await this.deps.flows.continue(ctx, active, norm.text))) return 'handled';
      if (!(actor && (await this.runCommands(ctx, input, actor)))) await ctx.say('chat.empty');
      return 'handled';
    }

    if (active) {
      // Inside a flow only binding, staff and progress commands break in (我的报修 is never a step's
      // answer); everything else answers the step.
      // A worker asked which order a verb was for who goes on with a command naming one ("收到
      // BX…"): that command, on that order (never the asked verb on it), and the question dropped.
      const picking = active.flow === 'staff_pick';
      for (const c of this.deps.commands) {
        if (c.name !== 'staff' && c.name !== 'progress' && !c.name.startsWith('bind')) continue;
        const parsed = c.match(input);
        if (parsed === undefined) continue;
        const named = picking && c.name === 'staff' && Boolean((parsed as { number?: string }).number);
        // a loose reading ("什么时候来都行" asks after nothing) never interrupts a flow
        if ((parsed as { loose?: boolean }).loose && !named) continue;
        if ((await c.handle(ctx, parsed)) !== false) {
          if (picking && c.name === 'staff') await this.deps.flows.drop(active.key);
          return 'handled';
        }
      }
      // where they are, just after a bare cry for help ("救命"), is never a step's answer
      if (ctx.isResident && (await addToCryForHelp(ctx, { text: norm.text, original }))) return 'handled';
      // a kept draft not confirmed: the message is read as a new one
      if (await this.deps.flows.continue(ctx, active, norm.text)) return 'handled';
    }
    const draft = active?.parked ? active : undefined;
    if (await this.runCommands(ctx, input, actor)) return 'handled';
    // "1" again just after a report was registered confirms it twice: never a new repair menu
    if (norm.text === '1' && !msg.roomId && ctx.isResident && (await addToJustReported(ctx, original)))
      return 'handled';
    const menu = /^([1-7])$/.exec(norm.text);
    if (menu) {
      const n = Number(menu[1]);
      if (n === 7) {
        const progress = this.deps.commands.find((c) => c.name === 'progress')!;
        await progress.handle(ctx, {});
        return 'handled';
      }
      await startReport(ctx, this.deps.flows, MENU[n - 1] as TicketKind);
      return 'handled';
    }
    if (/^(帮助|菜单|help|menu|\?|？|你好|您好|在吗|hi|hello)$/i.test(norm.text)) {
      await ctx.say(
        actor ? (ctx.isStaff && !ctx.isResident ? 'chat.staff_help' : 'chat.menu') : 'chat.greeting',
      );
      return 'handled';
    }
    // "好的明白了谢谢": a short thank-you or acknowledgement is answered in kind, never a report
    if (ACKNOWLEDGEMENT.test(norm.text)) {
      if (!msg.roomId || msg.mentionSelf) await ctx.say('chat.you_are_welcome');
      return 'handled';
    }
    if (await startReport(ctx, this.deps.flows)) return 'handled';
    // not understood, with a report kept unconfirmed: that report, and how to register it
    if (draft) await this.deps.flows.showDraft(ctx, draft);
    // said just after a report ("在4栋2单元门口"): added to it rather than not understood
    else if (!msg.roomId && ctx.isResident && (await addToJustReported(ctx, original))) return 'handled';
    else if (!msg.roomId || msg.mentionSelf) await ctx.say(actor ? 'chat.not_understood' : 'chat.greeting');
    return 'handled';
  }

  /**
   * An owner writing during quiet hours is awake: once they are out of any flow (they rated,
   * finished or left it), the notices held for them until the morning go now. Only in quiet
   * hours, so the day's message path reads nothing more.
   */
  private async awake(ctx: ChatContext): Promise<void> {
    const { notify, timezone } = this.deps.services.config;
    const personId = ctx.actor?.personId;
    if (!personId || !ctx.isResident) return;
    const now = new Date();
    if (afterQuietHours(now, notify.quietStart, notify.quietEnd, timezone) <= now) return;
    if (await this.deps.flows.active(ctx.conversationKey)) return;
    if (ctx.inGroup && (await this.deps.flows.active(ctx.directKey))) return;
    const released = await releaseHeld(personId, now).catch((err: unknown) => {
      this.log.warn({ err, personId }, 'held notices not released');
      return 0;
    });
    if (released) this.log.info({ personId, released }, 'owner awake: held notices released');
  }

  /** The first command that matches and handles the message (👍 alone is a rating). */
  private async runCommands(ctx: ChatContext, input: MatchInput, actor: Actor | undefined): Promise<boolean> {
    for (const c of this.deps.commands) {
      if (!actor && !c.open && c.name !== 'staff') continue;
      if (!appliesTo(c, ctx)) continue;
      const parsed = c.match(input);
      if (parsed !== undefined && (await c.handle(ctx, parsed)) !== false) return true;
    }
    return false;
  }

  /** Resolves when every message accepted so far has been handled. */
  async idle(): Promise<void> {
    while (this.chains.size) await Promise.allSettled([...this.chains.values()]);
  }
}
