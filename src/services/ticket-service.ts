import { Types, type QueryFilter } from 'mongoose';
import type { Config } from '../config/schema.js';
import type { WorkingCalendar } from '../calendar/working-calendar.js';
import {
  OpenTicket,
  PendingReaction,
  Person,
  Ticket,
  TicketEvent,
  Unit,
  Zone,
  isOpenState,
} from '../data/models/index.js';
import { isDuplicateKey } from '../data/errors.js';
import type { TicketDoc } from '../data/models/ticket.js';
import { BatchWriter } from '../data/batch.js';
import { findTicketScoped, indexTicketNumber, matchesFilter } from '../data/ticket-lookup.js';
import { mirrorOpenTicket } from '../data/open-tickets.js';
import { countTickets, findTickets, moveTicket, readTicket } from '../data/ticket-store.js';
import { recordReminder, remindersOf } from '../data/ticket-reminders.js';
import type { TicketReminderDoc } from '../data/models/ticket-reminder.js';
import type { TicketEventDoc } from '../data/models/ticket-event.js';
import { SYSTEM_ACTOR, type Actor } from '../domain/actor.js';
import { findDuplicate } from '../domain/duplicate-reports.js';
import { ConflictError, NotFoundError, ValidationError, ForbiddenError } from '../domain/errors.js';
import { RESIDENT_ROLES, type Department } from '../domain/roles.js';
import { eventDef, type Effect, type EffectContext, type Happened } from '../ticket-events/index.js';
import { TicketReactions, type Reactor } from './ticket-reactions.js';
import { OVERDUE_FIELDS, slaAfter } from '../domain/sla.js';
import { nextTicketNumber } from '../domain/ticket-number.js';
import { householdRepairs, ticketScope } from '../domain/ticket-scope.js';
import {
  allowedEvents,
  planTransition,
  OPEN_STATES,
  type TicketEventName,
  type TicketSnapshot,
  type TicketState,
} from '../domain/ticket-machine.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import * as S from './schemas.js';
import { parse } from './validate.js';
import { assertZoneWritable } from './zone-scope.js';
import { zoneOfPlace } from './place-zone.js';
import { assertDateAhead, assertReferencesExist } from './input-rules.js';
import type { PhotoStore, StoredPhoto } from './photo-store.js';
import { cachedRead } from '../data/directory-cache.js';

export type Ticket = TicketDoc;
export type TimelineEntry = Omit<TicketEventDoc, 'patch'>;
/**
 * A ticket by number or id. `known`: the ticket as the caller already holds it (a reaction's), to
 * start from without reading it again; a stale one loses the timeline's race and is read afresh.
 */
export type TicketRef = string | { id: string; known?: Ticket };

export interface TicketServiceDeps {
  config: Config;
  photos?: PhotoStore;
  calendar: WorkingCalendar;
  log: Logger;
  metrics?: Metrics;
  clock?: () => Date;
}

const oid = (id: string) => new Types.ObjectId(id);
/** A logged reminder as a timeline entry: the `remind` event, by the system. */
const reminderEntry = (r: TicketReminderDoc): TimelineEntry =>
  ({
    _id: r._id,
    ticketId: r.ticketId,
    seq: r.version,
    at: r.at,
    event: 'remind',
    from: r.state,
    to: r.state,
    actorKind: 'system',
    actorName: SYSTEM_ACTOR.name,
    note: r.note,
    data: r.data ?? {},
  }) as unknown as TimelineEntry;
/**
 * Events that never change a ticket's state (a note, a photo, a linked reporter), so they can
 * always be planned again after a conflict: read from the catalogue.
 */
const preservesState = (event: TicketEventName) => eventDef(event).transitions.every((t) => t.to === 'same');
/** An event left unapplied this long is taken to be a crashed writer's and rolled forward. */
const ROLL_FORWARD_AFTER_MS = 10_000;
/** Pending-reaction rows of the same moment go as one insert (models/pending-reaction.ts). */
const pendingRows = new BatchWriter(() => PendingReaction.collection);

/**
 * The only way anything changes a ticket: chat, HTTP and jobs all call this service. Each change
 * is planned by the state machine, then claimed by inserting timeline event (ticket, version+1):
 * a unique index lets exactly one of two concurrent changes win, and the other gets
 * ConflictError('ticket_changed'). The winner then applies the event's patch to the ticket.
 * (No multi-document transactions, and no reliance on conditional updates being atomic, which
 * FerretDB's SQLite backend does not guarantee.)
 */
export class TicketService {
  readonly reactions: TicketReactions;

  constructor(private readonly deps: TicketServiceDeps) {
    this.reactions = new TicketReactions(deps.config, deps.log);
    // the open-ticket mirror (lists of open work) and the number index (lookups by _id)
    this.onWrite(async (t, created, copied) => {
      if (created) await indexTicketNumber(t);
      await mirrorOpenTicket(t, { copied });
    });
  }

  /**
   * Called after every change, outside the caller's request, in timeline order per ticket (the
   * scheduler keeps the ticket's jobs in step with it; notices, dispatch, live updates).
   */
  onChange(listener: (t: Ticket, before: Ticket | null | undefined, h: Happened) => Promise<void>): void {
    this.reactions.add((h) => listener(h.ticket, h.before, h));
  }

  private readonly writers: Array<(t: Ticket, created: boolean, copied: boolean) => Promise<void>> = [];

  /**
   * Structures derived from a ticket that must never lag it (the open-ticket mirror, the number
   * index): kept in the write path, before the caller is answered; rebuilt at start.
   */
  onWrite(writer: (t: Ticket, created: boolean, copied: boolean) => Promise<void>): void {
    this.writers.push(writer);
  }

  /** `copied`: the change was made on the open-ticket copy (src/data/ticket-store.ts). */
  private async written(t: Ticket, created: boolean, copied = false): Promise<void> {
    for (const w of this.writers)
      await w(t, created, copied).catch((err: unknown) =>
        this.deps.log.error({ err, number: t.number }, 'derived ticket structure not updated'),
      );
  }

  /** A reactor that sees the whole event (its name, note and data). */
  onEvent(reactor: Reactor): void {
    this.reactions.add(reactor);
  }

  /** Resolves when the reactions to every change so far have run. */
  idle(): Promise<void> {
    return this.reactions.idle();
  }

  /** Runs `fn` (a chat message's handling); reactions to its changes start when it is done. */
  deferReactions<T>(fn: () => Promise<T>): Promise<T> {
    return this.reactions.deferred(fn);
  }

  private now(): Date {
    return this.deps.clock?.() ?? new Date();
  }

  // ── queries ────────────────────────────────────────────────────────────────

  /** A ticket the actor may see, by number or id; NotFound otherwise (reveals nothing). */
  async get(actor: Actor, ref: TicketRef): Promise<Ticket> {
    const key: QueryFilter<Ticket> =
      typeof ref === 'string'
        ? { number: ref.trim().toUpperCase() }
        : Types.ObjectId.isValid(ref.id)
          ? { _id: oid(ref.id) }
          : { _id: null };
    const ticket = await findTicketScoped<Ticket>(key as never, ticketScope(actor) as never); // by _id
    if (!ticket) throw new NotFoundError('ticket', { number: typeof ref === 'string' ? ref : ref.id });
    return ticket;
  }

  async list(actor: Actor, query: S.ListTicketsQuery) {
    const q = parse(S.listTicketsQuery, query);
    const pageSize = Math.min(q.pageSize, this.deps.config.http.maxPageSize);
    const and: QueryFilter<Ticket>[] = [ticketScope(actor)];
    if (q.state) and.push({ state: { $in: q.state } });
    if (q.kind) and.push({ kind: q.kind });
    if (q.department) and.push({ department: q.department });
    if (q.zone) and.push({ zoneId: oid(q.zone) });
    if (q.assignee) and.push({ assigneeId: oid(q.assignee) });
    // an owner's reports include the ones they were linked to as reporters of the same problem
    if (q.reporter) {
      const mine: QueryFilter<Ticket>[] = [
        { reporterId: oid(q.reporter) },
        { 'linked.personId': oid(q.reporter) },
      ];
      // a family member sees the repairs filed for their own unit
      if (q.household === 'true' && q.reporter === actor.personId)
        mine.push(householdRepairs(actor) as QueryFilter<Ticket>);
      and.push({ $or: mine });
    }
    if (q.unit) and.push({ unitId: oid(q.unit) });
    if (q.from) and.push({ createdAt: { $gte: q.from } });
    if (q.to) and.push({ createdAt: { $lt: q.to } });
    if (q.q) {
      const escaped = q.q.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      and.push({
        $or: [
          { number: { $regex: escaped, $options: 'i' } },
          { description: { $regex: escaped, $options: 'i' } },
        ],
      });
    }
    if (q.overdue === 'true') {
      const now = this.now();
      and.push({ state: { $in: OPEN_STATES } });
      and.push({
        $or: OVERDUE_FIELDS.map((f) => ({ [`sla.${f}`]: { $lt: now } })),
      });
    }
    const filter = { $and: and };
    const sort = { createdAt: -1, _id: -1 } as const;
    const skip = (q.page - 1) * pageSize;
    // open states only: served from the open-ticket copies, whose size follows open work
    if (q.state?.every(isOpenState) || q.overdue === 'true') {
      const [items, total] = await Promise.all([
        OpenTicket.find(filter).sort(sort).skip(skip).limit(pageSize).lean<Ticket[]>(),
        OpenTicket.countDocuments(filter),
      ]);
      return { items, total, page: q.page, pageSize };
    }
    // otherwise `tickets`, and the archive when the list reaches back past the working time
    const since = q.from ? new Date(q.from) : undefined;
    const [items, total] = await Promise.all([
      findTickets<Ticket>(filter, { sort, skip, limit: pageSize, since }),
      countTickets(filter, { since }),
    ]);
    return { items, total, page: q.page, pageSize };
  }

  /**
   * The ticket's timeline, oldest first (events not yet applied to the ticket are left out), with
   * the reminders sent about it in place (`reminders: false`: events only, no read of the log).
   */
  async timeline(
    ticket: Pick<Ticket, '_id' | 'version' | 'eventIds' | 'createdAt'>,
    opts: { reminders?: boolean } = {},
  ): Promise<TimelineEntry[]> {
    const [events, reminders] = await Promise.all([
      this.events(ticket),
      opts.reminders === false
        ? []
        : remindersOf(ticket, new Date(this.now().getTime() - this.deps.config.retention.ticketsWorking)),
    ]);
    if (!reminders.length) return events;
    // each reminder after the event whose version the ticket had then, in the order sent
    const entries = [
      ...events.map((e) => ({ e, seq: e.seq, at: 0 })),
      ...reminders.map((r) => ({ e: reminderEntry(r), seq: r.version, at: r.at.getTime() })),
    ];
    return entries.sort((a, b) => a.seq - b.seq || a.at - b.at).map((x) => x.e);
  }

  private async events(ticket: Pick<Ticket, '_id' | 'version' | 'eventIds'>): Promise<TimelineEntry[]> {
    const ids = ticket.eventIds ?? [];
    if (ids.length === ticket.version + 1) {
      const found = await Promise.all(
        ids.map((id) => TicketEvent.findById(id, { patch: 0 }).lean<TimelineEntry>()),
      );
      if (found.every(Boolean)) return (found as TimelineEntry[]).sort((a, b) => a.seq - b.seq);
    }
    return TicketEvent.find({ ticketId: ticket._id, seq: { $lte: ticket.version } }, { patch: 0 })
      .sort({ seq: 1 })
      .lean<TimelineEntry[]>();
  }

  /** The events the actor may fire on this ticket now. */
  async actionsFor(actor: Actor, ref: TicketRef): Promise<TicketEventName[]> {
    return allowedEvents(snapshot(await this.get(actor, ref)), actor);
  }

  // ── creation ───────────────────────────────────────────────────────────────

  /**
   * `photos`: images already stored (a chat flow stores them as they arrive) that belong on the
   * ticket from its first version, so the dispatch notice can mention them.
   */
  async create(
    actor: Actor,
    input: S.CreateTicketInput,
    opts: { photos?: Array<Omit<StoredPhoto, 'fileId'> & { fileId: string }> } = {},
  ): Promise<Ticket> {
    const data = parse(S.createTicketInput, input);
    // A repeated sourceKey is found by the unique index when the ticket is written (no lookup
    // first: `sourceKey` is not the `_id`, and FerretDB v1 would read every ticket to find it).
    const isResident = actor.kind === 'person' && actor.roles.some((r) => RESIDENT_ROLES.includes(r));
    const communityId = actor.communityId ?? data.communityId;
    if (!communityId) throw new ValidationError(['communityId: required']);
    if (actor.communityId && data.communityId && data.communityId !== actor.communityId) {
      throw new ForbiddenError('wrong_community');
    }
    const scope = data.scope ?? (data.unitId ? 'in_unit' : 'public');
    let zoneId = data.zoneId;
    if (scope === 'in_unit') {
      if (!data.unitId) throw new ValidationError(['unitId: required for an in-unit report']);
      const unitId = data.unitId;
      const found = await cachedRead('units', unitId, () => Unit.findById(oid(unitId)).lean());
      const unit = found && String(found.communityId) === communityId ? found : undefined;
      if (!unit) throw new NotFoundError('unit', { id: data.unitId });
      if (isResident && !actor.unitIds.includes(data.unitId)) throw new ForbiddenError('not_your_unit');
      zoneId = String(unit.zoneId);
    } else if (!data.location) {
      throw new ValidationError(['location: required for a public-area report']);
    } else if (!zoneId) {
      zoneId = await this.zoneForPublicPlace(communityId, data.location, isResident ? actor.unitIds : []);
    }
    assertZoneWritable(actor, zoneId);
    const zone = zoneId
      ? await cachedRead('zones', zoneId, () => Zone.findById(oid(zoneId)).lean())
      : undefined;
    if (zoneId && String(zone?.communityId) !== communityId) {
      throw new NotFoundError('zone', { id: zoneId });
    }
    await assertReferencesExist(communityId, [data.reporterId, data.subject?.personId], data.subject?.zoneId);
    const reporterId = isResident ? actor.personId : data.reporterId;
    let reporterName = isResident ? actor.name : data.reporterName;
    if (reporterId && !reporterName)
      reporterName = (await Person.findById(reporterId, { name: 1 }).lean())?.name;
    const department: Department | undefined =
      data.department ??
      (data.kind === 'complaint' ? undefined : data.kind === 'repair' ? 'engineering' : 'customer_service');

    const now = this.now();
    assertDateAhead('appointment', data.appointment?.from, now);
    assertDateAhead('appointment', data.appointment?.to, now);
    const sla = slaAfter(
      { now, event: 'create', to: 'received', scope, department, appointmentFrom: data.appointment?.from },
      this.deps.config.sla,
      this.deps.calendar,
    );
    const ticketId = new Types.ObjectId();
    const createdId = new Types.ObjectId();
    const fields = {
      _id: ticketId,
      communityId: oid(communityId),
      kind: data.kind,
      department,
      category: data.category,
      scope,
      zoneId: zoneId ? oid(zoneId) : undefined,
      unitId: data.unitId ? oid(data.unitId) : undefined,
      location: data.location,
      reporterId: reporterId ? oid(reporterId) : undefined,
      reporterName,
      phone: data.phone,
      description: data.description,
      urgency: data.urgency,
      appointment: data.appointment,
      subject: data.subject
        ? {
            personId: data.subject.personId ? oid(data.subject.personId) : undefined,
            zoneId: data.subject.zoneId ? oid(data.subject.zoneId) : undefined,
            text: data.subject.text,
          }
        : undefined,
      photos: (opts.photos ?? []).slice(0, this.deps.config.photos.maxPerTicket).map((p) => ({
        ...p,
        fileId: oid(p.fileId),
        addedAt: now,
        addedBy: isResident && actor.personId ? oid(actor.personId) : undefined,
      })),
      state: 'received' as const,
      sourceKey: data.sourceKey ?? String(ticketId),
      version: 0,
      eventIds: [createdId],
      sla,
    };
    // The creation is logged with everything the ticket needs, so a crash before the ticket is
    // written loses nothing: recovery writes it from the log (see restoreCreated).
    const created = await this.logEvent({
      _id: createdId,
      ticketId,
      seq: 0,
      ...this.entry(actor, now),
      event: 'create',
      to: 'received',
      patch: Object.entries(fields)
        .filter(([, v]) => v !== undefined)
        .map(([path, value]) => ({ path, value })),
    });
    const doc = await this.insertTicket(fields, now);
    if (!doc._id.equals(ticketId)) {
      // a repeat of a source that already made its ticket: this creation never happened, and its
      // log entry goes (it would point at no ticket); the ticket is returned only to whoever may
      // see it (a guessed key reveals nothing)
      await TicketEvent.deleteOne({ _id: created._id });
      await PendingReaction.deleteOne({ _id: created._id });
      if (!matchesFilter(ticketScope(actor), doc)) throw new ConflictError('source_key_taken');
      return doc;
    }
    await this.written(doc, true);
    this.deps.metrics?.ticketsCreated.inc({ kind: data.kind });
    this.deps.log.info(
      { number: doc.number, kind: data.kind, scope, actor: actor.personId ?? actor.kind },
      'ticket created',
    );
    this.reactions.enqueue({
      eventId: created._id,
      event: 'create',
      seq: 0,
      to: 'received',
      actorName: actor.name,
      actorId: actor.personId ?? null,
      actorKind: actor.kind,
      ticket: doc,
      before: null,
    });
    return doc;
  }

  /**
   * Writes a new ticket under a fresh number. When its source already made a ticket (a chat
   * flow finishing twice), that ticket is returned instead.
   */
  private async insertTicket(fields: Record<string, unknown> & { sourceKey: string }, at: Date) {
    const communityId = String(fields.communityId);
    const kind = fields.kind as Ticket['kind'];
    for (let attempt = 0; ; attempt++) {
      const number = await nextTicketNumber(communityId, kind, at, this.deps.config.timezone);
      try {
        return (await Ticket.create({ ...fields, number })).toObject() as Ticket;
      } catch (err) {
        if (!isDuplicateKey(err) || attempt >= 50) throw err;
        const existing = await Ticket.findOne({ sourceKey: fields.sourceKey }).lean<Ticket>();
        if (existing) return existing;
        // Otherwise two writers drew the same number (the counter is not atomic everywhere): draw
        // again after a random pause, so a crowd of simultaneous reports spreads out (bench:chat
        // found 29 at once exhausting ten immediate retries on FerretDB).
        await new Promise((r) => setTimeout(r, Math.random() * 5 * (attempt + 1)));
      }
    }
  }

  /** Writes the ticket of a logged creation that a crash left unwritten (used by recovery). */
  async restoreCreated(e: {
    ticketId: Types.ObjectId;
    at: Date;
    patch?: Array<{ path: string; value: unknown }>;
  }): Promise<Ticket | undefined> {
    if (!e.patch?.length) return undefined;
    const fields = Object.fromEntries(e.patch.map((p) => [p.path, p.value])) as Record<string, unknown> & {
      sourceKey: string;
    };
    const doc = await this.insertTicket({ ...fields, _id: e.ticketId }, e.at);
    if (!doc._id.equals(e.ticketId)) {
      // the report was made again after the restart (its message handled again) and has its
      // ticket: the interrupted creation never happened
      await TicketEvent.deleteOne({ ticketId: e.ticketId, seq: 0 });
      this.deps.log.warn(
        { number: doc.number },
        'an interrupted creation was made again: its log entry dropped',
      );
      return undefined;
    }
    this.deps.log.warn({ number: doc.number }, 'wrote a ticket whose creation a crash interrupted');
    return doc;
  }

  /**
   * On start and periodically: finishes what a stopped process left (unapplied changes, unreacted
   * events). `storedBefore`: events stored before it are taken at once (see TicketReactions).
   */
  async recover(storedBefore?: Date): Promise<number> {
    return this.reactions.recover(
      {
        restore: (e) => this.restoreCreated(e as never),
        rollForward: (ticketId, before) => this.rollForward(ticketId, before),
      },
      this.now(),
      storedBefore,
    );
  }

  // ── life cycle ─────────────────────────────────────────────────────────────

  /**
   * Fires a ticket event: its input is validated by the catalogue's schema, the state machine
   * decides whether the actor may fire it now, the effect is stored with its timeline entry, and
   * the reactions (dispatch, notices, jobs) follow after the caller is answered.
   */
  async fire(actor: Actor, ref: TicketRef, name: TicketEventName, input: unknown = {}): Promise<Ticket> {
    const def = eventDef(name);
    const data = parse(def.input, input ?? {});
    const event = def.variant?.(data, this.deps.config) ?? name;
    const effect = eventDef(event).effect;
    return this.apply(actor, ref, event, async (t, to) =>
      effect ? effect(this.effectContext(actor), t, data, to) : {},
    );
  }

  // Named shorthands for the callers that know the event they fire.
  dispatch = (a: Actor, r: TicketRef, i: unknown = {}) => this.fire(a, r, 'dispatch', i);
  transfer = (a: Actor, r: TicketRef, i: unknown) => this.fire(a, r, 'transfer', i);
  accept = (a: Actor, r: TicketRef) => this.fire(a, r, 'accept', {});
  sendBack = (a: Actor, r: TicketRef, i: unknown) => this.fire(a, r, 'send_back', i);
  arrive = (a: Actor, r: TicketRef) => this.fire(a, r, 'arrive', {});
  requestQuote = (a: Actor, r: TicketRef, i: unknown = {}) => this.fire(a, r, 'request_quote', i);
  quote = (a: Actor, r: TicketRef, i: unknown) => this.fire(a, r, 'quote', i);
  answerQuote = (a: Actor, r: TicketRef, i: unknown) => this.fire(a, r, 'agree_quote', i);
  complete = (a: Actor, r: TicketRef, i: unknown = {}) => this.fire(a, r, 'complete', i);
  answer = (a: Actor, r: TicketRef, i: unknown) => this.fire(a, r, 'answer', i);
  rate = (a: Actor, r: TicketRef, i: unknown) => this.fire(a, r, 'rate', i);
  recordCallback = (a: Actor, r: TicketRef, i: unknown) => this.fire(a, r, 'callback', i);
  close = (a: Actor, r: TicketRef, i: unknown = {}) => this.fire(a, r, 'close', i);
  classify = (a: Actor, r: TicketRef, i: unknown) => this.fire(a, r, 'classify', i);
  plan = (a: Actor, r: TicketRef, i: unknown) => this.fire(a, r, 'plan', i);
  startHandling = (a: Actor, r: TicketRef, i: unknown = {}) => this.fire(a, r, 'start_handling', i);
  finishHandling = (a: Actor, r: TicketRef, i: unknown = {}) => this.fire(a, r, 'finish_handling', i);
  escalate = (a: Actor, r: TicketRef, i: unknown) => this.fire(a, r, 'escalate', i);
  cancel = (a: Actor, r: TicketRef, i: unknown) => this.fire(a, r, 'cancel', i);
  reopen = (a: Actor, r: TicketRef, i: unknown) => this.fire(a, r, 'reopen', i);
  addNote = (a: Actor, r: TicketRef, i: unknown) => this.fire(a, r, 'note', i);
  followUp = (a: Actor, r: TicketRef, i: unknown) => this.fire(a, r, 'follow_up', i);

  /**
   * The open public repair a new report of the same category and place duplicates, if any: read
   * from the open-ticket mirror (its size follows open work, not history).
   */
  async findOpenDuplicate(
    communityId: string,
    report: { category?: string; location?: string; kind?: 'repair' | 'help' },
    places: readonly string[],
  ): Promise<Ticket | undefined> {
    if (!report.category || !report.location) return undefined;
    const open = await OpenTicket.find({
      communityId: oid(communityId),
      kind: report.kind ?? 'repair',
      scope: 'public',
      category: report.category,
    })
      .sort({ createdAt: 1 })
      .lean<Ticket[]>();
    return findDuplicate(report, open, places);
  }

  /**
   * Links an owner to an open ticket as a reporter of the same problem (no second order): fired
   * by the bot on their behalf, named on the timeline as them. Their own ticket: nothing to link.
   */
  async linkReporter(owner: Actor, ticket: Ticket, description?: string): Promise<Ticket> {
    if (!owner.personId || String(ticket.reporterId ?? '') === owner.personId) return ticket;
    const onBehalf: Actor = { ...SYSTEM_ACTOR, name: owner.name, personId: owner.personId };
    return this.fire(onBehalf, { id: String(ticket._id) }, 'link_reporter', {
      personId: owner.personId,
      name: owner.name,
      description: description?.slice(0, 2000),
    });
  }

  /**
   * Records on the ticket's timeline that people were reminded (the scheduler's jobs): one insert
   * into the reminder log, not a ticket event, so nothing moves and nothing can conflict with the
   * change someone makes at the same moment. `key` makes a repeat a no-op.
   */
  async recordReminder(ticket: Ticket, key: string, data: Record<string, unknown>, noteText?: string) {
    await recordReminder({ key, ticket, at: this.now(), data, note: noteText || undefined });
  }

  /** Stores an image (checked by its content) and attaches it to the ticket. */
  async attachPhoto(actor: Actor, ref: TicketRef, data: Buffer) {
    const { photos } = this.deps;
    if (!photos) throw new Error('no photo store configured');
    return this.apply(actor, ref, 'attach_photo', async (t) => {
      if ((t.photos ?? []).length >= this.deps.config.photos.maxPerTicket) {
        throw new ValidationError([`photos: at most ${this.deps.config.photos.maxPerTicket} per ticket`]);
      }
      const saved = await photos.save(data, { ticketId: String(t._id), uploadedBy: actor.personId });
      const photo = {
        ...saved,
        addedAt: this.now(),
        addedBy: actor.personId ? oid(actor.personId) : undefined,
      };
      return {
        set: { photos: [...(t.photos ?? []), photo] },
        data: { fileId: saved.fileId, size: saved.size },
      };
    });
  }

  private effectContext(actor: Actor): EffectContext {
    return {
      now: this.now(),
      actor,
      config: this.deps.config,
      staff: async (id, communityId) => {
        const found = await cachedRead('people', id, () => Person.findById(oid(id)).lean());
        const person = found?.active && String(found.communityId) === String(communityId) ? found : undefined;
        if (!person || !person.roles.includes('staff')) return undefined;
        return {
          _id: person._id,
          name: person.name,
          department: person.department ?? null,
          zoneIds: person.zoneIds ?? [],
        };
      },
    };
  }

  // ── internals ──────────────────────────────────────────────────────────────

  /** The zone of the building a public place names ("3栋电梯" → the zone holding building 3), else the reporter's. */
  private async zoneForPublicPlace(
    communityId: string,
    location: string,
    reporterUnits: string[],
  ): Promise<string | undefined> {
    const zone = await zoneOfPlace(communityId, location);
    if (zone) return String(zone);
    if (reporterUnits[0]) {
      const unit = await Unit.findById(reporterUnits[0], { zoneId: 1 }).lean();
      if (unit) return String(unit.zoneId);
    }
    return undefined;
  }

  /**
   * Stores a timeline event, its pending-reaction row first (deleted when every reaction has run;
   * see TicketReactions): a crash after the event leaves the row for recovery to find, and every
   * event not yet applied to its ticket has one (`unapplied`). A lost race (the event's key
   * taken) takes its row back and throws the duplicate-key error.
   */
  private async logEvent(
    doc: Record<string, unknown> & { _id: Types.ObjectId; ticketId: Types.ObjectId; event: TicketEventName },
  ) {
    const { _id } = doc;
    await pendingRows.insert({ _id, ticketId: doc.ticketId });
    try {
      const stored = new TicketEvent({ ...doc, _id });
      await stored.save();
      return stored;
    } catch (err) {
      await PendingReaction.deleteOne({ _id }).catch(() => undefined);
      throw err;
    }
  }

  private entry(actor: Actor, at: Date) {
    return {
      at,
      actorKind: actor.kind,
      actorId: actor.personId ? oid(actor.personId) : undefined,
      actorName: actor.name,
    };
  }

  private async apply(
    actor: Actor,
    ref: TicketRef,
    event: TicketEventName,
    effect: (t: Ticket, to: TicketState) => Promise<Effect>,
  ): Promise<Ticket> {
    const known = typeof ref === 'string' ? undefined : ref.known;
    const usable =
      known &&
      typeof ref !== 'string' &&
      String(known._id) === ref.id &&
      matchesFilter(ticketScope(actor), known);
    let ticket = usable ? known : await this.get(actor, ref);
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.applyOnce(actor, ticket, event, effect);
      } catch (err) {
        if (!(err instanceof ConflictError) || err.code !== 'ticket_changed' || attempt >= 4) throw err;
        // Lost to a concurrent change. A note-like event (reminder, note, photo, follow-up) is
        // planned again on the fresh ticket, as is any event when the winner left the state as
        // it was; when the winner moved the state, the caller must look again: of two
        // transitions exactly one wins.
        await new Promise((r) => setTimeout(r, 15 * (attempt + 1)));
        const fresh = await this.get(actor, ref);
        if (fresh.state !== ticket.state && !preservesState(event)) throw err;
        ticket = fresh;
      }
    }
  }

  private async applyOnce(
    actor: Actor,
    ticket: Ticket,
    event: TicketEventName,
    effect: (t: Ticket, to: TicketState) => Promise<Effect>,
  ): Promise<Ticket> {
    const plan = planTransition(snapshot(ticket), event, actor);
    const e = await effect(ticket, plan.to);
    const now = this.now();
    const department = (e.set?.department as Department | undefined) ?? ticket.department;
    const sla = slaAfter(
      {
        now,
        event,
        to: plan.to,
        scope: ticket.scope,
        department,
        appointmentFrom: ticket.appointment?.from,
        deadline: e.deadline,
      },
      this.deps.config.sla,
      this.deps.calendar,
    );
    const seq = ticket.version + 1;
    const eventId = new Types.ObjectId();
    const patch: Record<string, unknown> = { state: plan.to, version: seq, updatedAt: now, ...e.set };
    // the timeline's ids (tickets from before them keep none: their timeline is read by ticketId)
    if (ticket.eventIds?.length === ticket.version + 1) patch.eventIds = [...ticket.eventIds, eventId];
    for (const [field, value] of Object.entries(sla)) patch[`sla.${field}`] = value;
    for (const [k, v] of Object.entries(patch)) if (v === undefined) delete patch[k];
    let stored;
    try {
      stored = await this.logEvent({
        _id: eventId,
        ticketId: ticket._id,
        seq,
        ...this.entry(actor, now),
        event,
        from: plan.from,
        to: plan.to,
        note: e.note,
        data: e.data,
        patch: Object.entries(patch).map(([path, value]) => ({ path, value })),
      });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      this.deps.metrics?.ticketConflicts.inc({ event });
      await this.rollForward(ticket._id);
      throw new ConflictError('ticket_changed', { number: ticket.number });
    }
    // Only the writer that won event `seq` moves the ticket from version seq-1 to seq, where its
    // current state lives (an open ticket's copy; one command that also returns the ticket; a
    // crashed writer's roll-forward may have moved it)
    const moved = await moveTicket<Ticket>(ticket, seq, patch);
    this.deps.metrics?.ticketTransitions.inc({ event, to: plan.to });
    this.deps.log.info(
      { number: ticket.number, event, from: plan.from, to: plan.to, actor: actor.personId ?? actor.kind },
      'ticket transition',
    );
    const updated = moved?.ticket ?? (await readTicket<Ticket>(ticket._id))!;
    await this.written(updated, false, moved?.copy ?? false);
    this.reactions.enqueue({
      eventId: stored._id,
      event,
      seq,
      from: plan.from,
      to: plan.to,
      note: e.note ?? null,
      data: e.data ?? null,
      actorName: actor.name,
      actorId: actor.personId ?? null,
      actorKind: actor.kind,
      ticket: updated,
      before: ticket,
    });
    return updated;
  }

  /**
   * Applies events a crashed writer logged but never applied: those older than a grace period (a
   * live winner may still be applying a young one), or stored before `before` (a recovery's
   * cutoff: nobody else is applying them).
   */
  async rollForward(ticketId: Types.ObjectId, before?: Date): Promise<number> {
    const threshold = Math.max(before?.getTime() ?? 0, Date.now() - ROLL_FORWARD_AFTER_MS);
    const found = await readTicket<Ticket>(ticketId);
    if (!found) return 0;
    let ticket: Ticket = found;
    const pending = await this.unapplied(ticketId, ticket.version);
    let applied = 0;
    let copied = false;
    for (const ev of pending) {
      // Wall-clock age from the event's ObjectId
      if (ev._id.getTimestamp().getTime() >= threshold) break;
      const set = Object.fromEntries(
        (ev.patch as Array<{ path: string; value: unknown }>).map((p) => [p.path, p.value]),
      );
      const moved: { ticket: Ticket; copy: boolean } | null = await moveTicket<Ticket>(ticket, ev.seq, set);
      if (!moved) break;
      ({ ticket, copy: copied } = moved);
      applied++;
      this.deps.log.warn(
        { ticketId: String(ticketId), seq: ev.seq, event: ev.event },
        'rolled forward an unapplied ticket event',
      );
    }
    if (applied) await this.written(ticket, false, copied);
    return applied;
  }
  /**
   * The events of a ticket past `version`, oldest first, found through the pending-reaction rows
   * (a collection sized by work in flight, where every event has a row until it is applied and
   * reacted to), not the timeline (which grows with history and FerretDB v1 would read whole).
   */
  private async unapplied(ticketId: Types.ObjectId, version: number) {
    const rows = await PendingReaction.find({ ticketId }).lean();
    const events = await Promise.all(rows.map((r) => TicketEvent.findById(r._id).lean()));
    return events
      .filter((e): e is NonNullable<typeof e> => e !== null && e.seq > version)
      .sort((a, b) => a.seq - b.seq);
  }
}

export function snapshot(t: Ticket): TicketSnapshot {
  return {
    state: t.state as TicketState,
    kind: t.kind,
    department: t.department ?? null,
    zoneId: t.zoneId ? String(t.zoneId) : null,
    unitId: t.unitId ? String(t.unitId) : null,
    reporterId: t.reporterId ? String(t.reporterId) : null,
    linkedIds: (t.linked ?? []).map((l) => String(l.personId)),
    assigneeId: t.assigneeId ? String(t.assigneeId) : null,
    escalationLevel: t.escalationLevel ?? 0,
    quote: t.quote ? { resumeState: (t.quote.resumeState as TicketState | undefined) ?? null } : null,
  };
}
