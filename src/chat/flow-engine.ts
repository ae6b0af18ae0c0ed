import { Conversation } from '../data/models/index.js';
import { cachedRead, primeCache } from '../data/directory-cache.js';
import type { ChatContext } from './context.js';
import type { Department, TicketKind } from '../domain/roles.js';
import type { Problem } from './understanding/problems.js';

export type StepOutcome<D> =
  | { ok: true; data?: Partial<D>; goto?: string }
  | { ok: false; reason: string; params?: Record<string, unknown> };

/** One question of a flow: how to ask it, and how to read (validate) the answer. */
export interface Step<D> {
  prompt(ctx: ChatContext, d: D): string | Promise<string>;
  accept(ctx: ChatContext, text: string, d: D): StepOutcome<D> | Promise<StepOutcome<D>>;
  /** Its answer may itself be a question (a description, an inquiry): never taken as an aside. */
  takesQuestions?: boolean;
  /** Takes any text (a name, a place): a question there is an aside, never the answer. */
  freeText?: boolean;
}

/** A report told beside a flow's question (or after another in one message), begun when the flow ends. */
export interface LaterReport {
  text: string;
  original: string;
  /** Already read: the one problem left of a message that told several. */
  reading?: { kind: TicketKind; category?: string; department?: Department };
  /** Several problems left of one message, already told apart. */
  problems?: Problem[];
}

/**
 * What a person may say beside the question a flow asked (src/chat/asides.ts): a question that
 * is answered at once, or a new report kept for when the flow ends. Without asides every reply
 * answers the step.
 */
export interface Asides {
  isQuestion(text: string): boolean;
  /** Asked of the property itself ("你们…", "物业…", office hours): never a step's answer. */
  addressesDesk(text: string): boolean;
  /** Answers the question at once (closely, unless asked of the desk); false when nothing fits. */
  answer(ctx: ChatContext, text: string, ofDesk?: boolean): Promise<boolean>;
  /** A confident new report (not an answer to any question of a flow). */
  isReport(text: string): boolean;
  /**
   * A correction of the report being registered ("不对，是卫生间的灯，不是厨房"): what the flow's
   * data becomes (the correction added to the description, the topic read again), or undefined.
   */
  correction?(text: string, original: string, data: FlowData): FlowData | undefined;
  /** The report being registered told again ("阳台晾衣架坏了" once more): not a second one. */
  isSameReport?(text: string, data: FlowData): boolean;
  begin(ctx: ChatContext, engine: FlowEngine, told: LaterReport): Promise<void>;
  /** Gas, fire, someone trapped or hurt: never kept for later. */
  isDanger(text: string): boolean;
  /** Registers the danger now (safety advice, urgent ticket, alerts). */
  danger(ctx: ChatContext, engine: FlowEngine, told: LaterReport): Promise<void>;
}

/** A photo stored while the flow runs, attached when the ticket is made. */
export interface FlowPhoto {
  fileId: string;
  contentType: string;
  size: number;
  sha256: string;
}

export interface FlowData {
  photos?: FlowPhoto[];
  [field: string]: unknown;
}

/**
 * A multi-turn conversation: named steps, the next step derived from what is still missing, and
 * `finish`, which performs the side effects (ticket, replies) once. `sourceKey` is unique per
 * conversation run, so a repeated finish finds the ticket it already made.
 */
export interface Flow<D extends FlowData> {
  name: string;
  steps: Record<string, Step<D>>;
  next(d: D): string | undefined;
  finish(ctx: ChatContext, d: D, sourceKey: string, engine: FlowEngine): Promise<void>;
  acceptsPhotos?: boolean;
  /**
   * The flow hands over to another one when it ends (a clarifying question starting the report
   * the owner picked): its conversation is removed before `finish`, which may begin the next.
   */
  handsOver?: boolean;
  /** Questions and new reports said beside its questions are taken as asides (see Asides). */
  asides?: boolean;
  /** The locale key telling how to get out after two misses (default `flow.way_out`, an owner's). */
  wayOut?: string;
  /**
   * The step that shows the summary to confirm. A flow left there is a draft: reminded once and,
   * when it expires, kept for `bot.draftKeep` (src/scheduler/jobs/unconfirmed-drafts.ts), so a
   * later "确认" still registers it.
   */
  summaryStep?: string;
  /** A kept draft being confirmed later: what must be asked again (an appointment now past). */
  resumeDraft?(ctx: ChatContext, d: D): { data: Partial<D>; goto: string; reason: string } | undefined;
}

/** A conversation waiting at its flow's summary: a draft the owner has not confirmed. */
export const isDraftAt = (flow: Pick<Flow<FlowData>, 'summaryStep'> | undefined, step: string) =>
  Boolean(flow?.summaryStep && flow.summaryStep === step);

interface Active {
  key: string;
  flow: string;
  step: string;
  data: FlowData;
  version: number;
  private?: boolean;
  /** A draft kept past its expiry: only a confirmation resumes it (see `resume`). */
  parked?: boolean;
}

/**
 * A report's identity: the chat and the platform id of the message that completed it. A
 * redelivery of that message finds the same ticket; a later report in the same chat, completed by
 * another message, is always a new one (never a counter that restarts with each flow). A second
 * report the same message completes (one told beside the first, begun when it ended) is numbered
 * after it, in the same order on a redelivery.
 */
export const reportKey = (conversationKey: string, ctx: ChatContext) => {
  // a second report finished by the same message (one told beside the first) is another ticket
  const n = ctx.nextReport();
  return `${conversationKey}:msg:${ctx.msg.id}${n ? `:${n + 1}` : ''}`;
};

/** A copy without null or undefined fields, recursively (arrays keep their items). */
export function withoutNulls<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => withoutNulls(v)) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = withoutNulls(v);
    return out as T;
  }
  return value;
}

/**
 * Leaving a flow: "取消", "算了 不修了 我自己买个皮搋子" (a refusal at the start), "我不是要申请
 * 就是问问", "没事了".
 */
const CANCEL =
  /^(?:取消|退出|cancel|quit|(?:算了|不用了|不要了)(?:吧|啊)?|never\s*mind|forget\s+(?:it|about\s+it)|no\s+need|don'?t\s+bother)[\s,，。.!！]*$|^(?:算了|不用了|不用|哦|噢|好吧)?[\s,，。!！]*(?:我?(?:先|就)?不(?:用|要|需要|想)?(?:再)?(?:修|报修|报|投诉|登记|申请|办|弄|处理|求助|咨询|建议)了|不需要了|取消吧|取消登记|没事了|我?不是要?(?:申请|报修|办|登记|投诉)|不申请了?|(?:只是|就是|随便)问问|先不(?:用|申请|办|报)了?)/i;
const HELP = /^(帮助|菜单|help|menu|\?|？)$/i;
const hasWords = (text: string) => text.trim().length > 0;

/**
 * Runs flows. State lives in the Conversation collection, one document per chat + sender, with a
 * version (each step is one increment) and an expiry after `idleMs`, so a restart mid-flow
 * resumes at the same question and an abandoned flow ends by itself. Messages of one sender are
 * handled one at a time by the pipeline, so a step never races with itself.
 */
/** The directory-cache entry holding the set of stored conversation keys (not a conversation key). */
const OPEN_KEYS = '\u0000open-keys';

export class FlowEngine {
  /** Photos sent before any words, by direct-chat key (see holdPhoto). */
  private readonly held = new Map<string, { photos: FlowPhoto[]; until: number }>();

  constructor(
    private readonly flows: Record<string, Flow<FlowData>>,
    private readonly idleMs: number,
    private readonly clock: () => Date = () => new Date(),
    private readonly asides?: Asides,
    /** How long an unconfirmed summary is kept after it expires (`bot.draftKeep`). */
    private readonly draftKeepMs = 0,
  ) {}

  /**
   * The sender's open flow in this chat, if any (an expired one is removed). Read by `_id` once,
   * then served from memory: this engine writes every change through (see `stored`), and the
   * model's hooks forget a conversation that anything else writes.
   */
  async active(key: string): Promise<Active | undefined> {
    if (!(await this.openKeys()).has(key)) return undefined;
    const conv = await cachedRead('conversations', key, () => Conversation.findById(key).lean(), {
      ttlMs: this.idleMs,
    });
    if (!conv) return undefined;
    const now = this.clock().getTime();
    const expired = conv.expiresAt.getTime() <= now;
    const parked = Boolean((conv.data as FlowData | undefined)?.__parked);
    // an unconfirmed summary outlives its expiry as a draft (the job may not have marked it yet)
    const draft =
      !parked &&
      expired &&
      isDraftAt(this.flows[conv.flow], conv.step) &&
      conv.expiresAt.getTime() + this.draftKeepMs > now;
    if ((expired && !draft) || !this.flows[conv.flow]) {
      await Conversation.deleteOne({ _id: key, version: conv.version });
      this.stored(key, null);
      return undefined;
    }
    // BSON stores an undefined field as null: read it back as absent, so optional fields stay
    // optional (a stored null would fail the ticket's input schema at the end).
    const data = withoutNulls(conv.data ?? {}) as FlowData & { __private?: boolean };
    return {
      key,
      flow: conv.flow,
      step: conv.step,
      data,
      version: conv.version,
      private: data.__private,
      parked: parked || draft,
    };
  }

  /** Starts a flow with what is already known; asks the first missing thing or finishes at once. */
  async begin(
    ctx: ChatContext,
    flowName: string,
    data: FlowData,
    opts: { private?: boolean; groupNote?: string } = {},
  ) {
    const flow = this.flow(flowName);
    const key = opts.private ? ctx.directKey : ctx.conversationKey;
    // photos sent before the words go with the report
    const held = flow.acceptsPhotos ? this.takeHeld(ctx) : [];
    if (held.length)
      data = {
        ...data,
        photos: [...held, ...(data.photos ?? [])].slice(0, ctx.services.config.photos.maxPerTicket),
      };
    // a new report over a kept draft: the draft is begun again once the new one is registered
    const kept = await this.active(key);
    const draftText = kept?.parked ? kept.data.description : undefined;
    if (typeof draftText === 'string' && flow.asides && this.asides && !data.__later)
      data = { ...data, __later: { text: draftText, original: draftText } satisfies LaterReport };
    // begun in a group and continued privately: the group is acknowledged at the end
    if (opts.private && ctx.msg.roomId) data = { ...data, __room: ctx.msg.roomId };
    const step = flow.next(data);
    // "we continue privately" is said in the group only when there is something to ask
    if (step && opts.private && opts.groupNote && ctx.msg.roomId) await ctx.say(opts.groupNote);
    if (!step) {
      await flow.finish(ctx, data, reportKey(key, ctx), this);
      // the next problem of the same message is not lost when this one needed no question
      const later = data.__later as LaterReport | undefined;
      if (later && this.asides && flow.asides) await this.asides.begin(ctx, this, later);
      return;
    }
    // how to reach the sender later (a reminder of an unconfirmed summary): language and name
    const reach = { __lng: ctx.language, __name: ctx.msg.talkerName };
    const set = {
      key,
      flow: flowName,
      step,
      data: { ...data, ...reach, __private: opts.private },
      version: 1,
    };
    const expiresAt = this.expiry();
    await Conversation.updateOne({ _id: key }, { $set: { ...set, expiresAt } }, { upsert: true });
    this.stored(key, { _id: key, ...set, expiresAt });
    await ctx.reply(await flow.steps[step]!.prompt(ctx, data), { private: opts.private });
  }

  /** Feeds one reply to the open flow; false when a kept draft did not take it (a new message). */
  async continue(ctx: ChatContext, active: Active, text: string): Promise<boolean> {
    const flow = this.flow(active.flow);
    const data = active.data;
    const opts = { private: active.private };
    if (CANCEL.test(text)) {
      await this.remove(active.key);
      await ctx.say('flow.cancelled', {}, opts);
      // a report told beside the cancelled one is not lost with it
      const later = data.__later as LaterReport | undefined;
      if (later && this.asides && flow.asides) await this.asides.begin(ctx, this, later);
      return true;
    }
    const step = flow.steps[active.step];
    if (!step) {
      await this.remove(active.key);
      return true;
    }
    if (HELP.test(text)) {
      await ctx.reply(`${ctx.t('flow.help')}\n\n${await step.prompt(ctx, data)}`, opts);
      return true;
    }
    // a kept draft: a confirmation resumes it; anything else is read as a new message
    if (active.parked) return this.resume(ctx, flow, active, text);
    // "厨房着火了" at any question: registered at once. When the flow had no description yet, the
    // danger is what this report is about (it ends here); otherwise its question is asked again.
    if (flow.asides && this.asides?.isDanger(text)) {
      const own = !data.description;
      if (own) await this.remove(active.key);
      await this.asides.danger(ctx, this, { text, original: ctx.original });
      if (!own) await ctx.reply(`${ctx.t('flow.aside.back')}\n${await step.prompt(ctx, data)}`, opts);
      return true;
    }
    // "维修要收费吗？" at the time question: answered when the property has an answer, then the
    // question is asked again. A valid answer phrased as a question ("明天下午可以吗") is an
    // answer; a free-text step would take any question as its answer, so there it goes first.
    const asides = flow.asides && !flow.handsOver ? this.asides : undefined;
    const question = Boolean(asides && !step.takesQuestions && asides.isQuestion(text));
    const back = async (key: string) => {
      await ctx.reply(`${ctx.t(key)}\n${await step.prompt(ctx, data)}`, opts);
      return true;
    };
    // asked of the desk ("你们周末上班吗") it is never the step's answer, whatever it contains
    const ofDesk = question && asides!.addressesDesk(text);
    if (question && (step.freeText || ofDesk)) {
      if (await asides!.answer(ctx, text, ofDesk)) return back('flow.aside.back');
      if (ofDesk) return back('flow.aside.unanswered');
    }
    const outcome = await step.accept(ctx, text, data);
    if (!outcome.ok && question) {
      if (!step.freeText && (await asides!.answer(ctx, text))) return back('flow.aside.back');
      return back('flow.aside.unanswered');
    }
    // "不对，是卫生间的灯": the report being registered corrected, never a second one
    const corrected = outcome.ok ? undefined : asides?.correction?.(text, ctx.original, data);
    if (corrected) {
      const next = { ...data, ...corrected, __private: active.private };
      await this.update(active, { data: next });
      await ctx.reply(`${ctx.t('flow.aside.corrected')}\n${await step.prompt(ctx, next)}`, opts);
      return true;
    }
    // the same problem told again (the owner thought we had not heard): not a second report
    if (!outcome.ok && asides?.isSameReport?.(text, data)) return back('flow.aside.same');
    // "还有阳台灯也不亮": a second report is kept and begun once this one is done.
    if (!outcome.ok && asides && !data.__later && asides.isReport(text)) {
      const later: LaterReport = { text, original: ctx.original };
      await this.update(active, { data: { ...data, __later: later, __private: active.private } });
      return back('flow.aside.kept');
    }
    if (!outcome.ok) {
      // The second miss in a row at one question also says how to get out ("取消"), so an owner
      // who has moved on to something else is never stuck.
      const misses = (typeof data.__misses === 'number' ? data.__misses : 0) + 1;
      await this.update(active, { data: { ...data, __misses: misses, __private: active.private } });
      const hint = misses >= 2 ? `\n${ctx.t(flow.wayOut ?? 'flow.way_out')}` : '';
      await ctx.reply(
        `${ctx.t(outcome.reason, outcome.params)}\n${await step.prompt(ctx, data)}${hint}`,
        opts,
      );
      return true;
    }
    await this.advance(ctx, flow, active, outcome);
    return true;
  }

  /** The step was answered: the next question, or the end of the flow. */
  private async advance(
    ctx: ChatContext,
    flow: Flow<FlowData>,
    active: Active,
    outcome: { data?: Partial<FlowData>; goto?: string },
  ): Promise<void> {
    const opts = { private: active.private };
    const asides = flow.asides && !flow.handsOver ? this.asides : undefined;
    const next = { ...active.data, ...outcome.data, __misses: 0, __parked: false } as FlowData;
    const nextStep = outcome.goto ?? flow.next(next);
    if (!nextStep) {
      if (flow.handsOver) await this.remove(active.key);
      await flow.finish(ctx, next, reportKey(active.key, ctx), this);
      if (!flow.handsOver) await this.remove(active.key);
      const later = next.__later as LaterReport | undefined;
      if (later && asides) await asides.begin(ctx, this, later);
      return;
    }
    await this.update(active, {
      step: nextStep,
      data: { ...next, __private: active.private },
      version: active.version + 1,
    });
    await ctx.reply(await flow.steps[nextStep]!.prompt(ctx, next), opts);
  }

  /**
   * A photo sent in a direct chat before any words ("here, look", then "水管漏了"): stored now and
   * kept for the flow this sender begins within `bot.photoHeldFor` (in this process: a restart between
   * the photo and the words loses the link, not the photo).
   */
  async holdPhoto(ctx: ChatContext, bytes: Buffer): Promise<void> {
    const max = ctx.services.config.photos.maxPerTicket;
    const now = this.clock().getTime();
    const key = ctx.directKey;
    const kept = this.held.get(key);
    const photos = kept && kept.until > now ? kept.photos : [];
    if (photos.length >= max) return void (await ctx.say('flow.photo_limit', { max }));
    const saved = await ctx.services.photos.save(bytes, { uploadedBy: ctx.actor?.personId });
    photos.push({ ...saved, fileId: String(saved.fileId) });
    this.held.set(key, { photos, until: now + ctx.services.config.bot.photoHeldFor });
    await ctx.say('chat.photo_held', { count: photos.length });
  }

  /** The photos this sender sent before beginning (taken once). */
  private takeHeld(ctx: ChatContext): FlowPhoto[] {
    const kept = this.held.get(ctx.directKey);
    this.held.delete(ctx.directKey);
    return kept && kept.until > this.clock().getTime() ? kept.photos : [];
  }

  /**
   * A draft kept past its expiry, written to again: a confirmation ("确认", "1") registers it,
   * asking again only what no longer holds (a time now past). Anything else is read as a new
   * message (false): a new report replaces the draft, a command or a rating is answered, and what
   * the desk cannot read shows the draft again (`showDraft`).
   */
  private async resume(ctx: ChatContext, flow: Flow<FlowData>, active: Active, text: string) {
    const step = flow.steps[active.step]!;
    const outcome = hasWords(text) ? await step.accept(ctx, text, active.data) : undefined;
    if (!outcome?.ok || outcome.goto) return false;
    const again = flow.resumeDraft?.(ctx, { ...active.data, ...outcome.data });
    if (again) {
      await ctx.say(again.reason, {}, { private: active.private });
      await this.advance(ctx, flow, active, { data: { ...outcome.data, ...again.data }, goto: again.goto });
      return true;
    }
    await this.advance(ctx, flow, active, outcome);
    return true;
  }

  /** A kept draft shown again: still kept, and how to register or drop it. */
  async showDraft(ctx: ChatContext, active: Active): Promise<void> {
    const flow = this.flow(active.flow);
    const step = flow.steps[active.step];
    if (!step) return;
    const kind = ctx.t(`ticket.kind.${active.flow}`);
    await ctx.reply(`${ctx.t('flow.draft.still', { kind })}\n${await step.prompt(ctx, active.data)}`, {
      private: active.private,
    });
  }

  /** An image sent during a flow that takes photos: stored now, attached to the ticket at the end. */
  async photo(ctx: ChatContext, active: Active, bytes: Buffer): Promise<boolean> {
    const flow = this.flow(active.flow);
    if (!flow.acceptsPhotos) return false;
    const max = ctx.services.config.photos.maxPerTicket;
    const stored = active.data.photos ?? [];
    if (stored.length >= max) {
      await ctx.say('flow.photo_limit', { max }, { private: active.private });
      return true;
    }
    const saved = await ctx.services.photos.save(bytes, { uploadedBy: ctx.actor?.personId });
    const photos = [...stored, { ...saved, fileId: String(saved.fileId) }];
    await this.update(active, {
      data: { ...active.data, photos, __private: active.private },
      version: active.version + 1,
    });
    await ctx.say('flow.photo_received', { count: photos.length }, { private: active.private });
    return true;
  }

  /**
   * Writes a change of the open flow, conditional on the version read (and its new expiry); the
   * cached copy follows only a write that matched.
   */
  private async update(active: Active, set: Partial<Pick<Active, 'step' | 'data' | 'version'>>) {
    const change = { ...set, expiresAt: this.expiry() };
    const r = await Conversation.updateOne({ _id: active.key, version: active.version }, { $set: change });
    if (r.matchedCount !== 1) return;
    const { key, flow, step, data, version } = active;
    this.stored(key, {
      _id: key,
      key,
      flow,
      step,
      data: { ...data, __private: active.private },
      version,
      ...change,
    });
  }

  /** Ends a conversation without finishing it (the person went on to something else). */
  async drop(key: string): Promise<void> {
    await this.remove(key);
  }

  private async remove(key: string): Promise<void> {
    await Conversation.deleteOne({ _id: key });
    this.stored(key, null);
  }

  /**
   * The keys of every stored conversation (the collection holds open ones only), read with one
   * query and then kept by this engine's own writes, so a sender without an open flow costs no
   * read. A write through the model not by `_id` (the knowledge answers' pending question) forgets
   * the set; another process's new conversation is seen within the idle time, as its cached
   * conversations are.
   */
  private openKeys(): Promise<Set<string>> {
    return cachedRead(
      'conversations',
      OPEN_KEYS,
      async () => new Set((await Conversation.find({}, { _id: 1 }).lean()).map((c) => String(c._id))),
      { ttlMs: this.idleMs },
    );
  }

  /** What this engine just wrote under `key` (null: nothing), served by `active` from now on. */
  private stored(key: string, conv: Record<string, unknown> | null): void {
    primeCache('conversations', key, conv, { ttlMs: this.idleMs });
    // the cached set of keys is this engine's own entry: kept in step with its writes
    void this.openKeys().then((keys) => (conv ? keys.add(key) : keys.delete(key)));
  }

  private expiry(): Date {
    return new Date(this.clock().getTime() + this.idleMs);
  }

  private flow(name: string): Flow<FlowData> {
    const flow = this.flows[name];
    if (!flow) throw new Error(`unknown flow ${name}`);
    return flow;
  }
}
