import { Types, type QueryFilter } from 'mongoose';
import type { Config } from '../config/schema.js';
import type { WorkingCalendar } from '../calendar/working-calendar.js';
import { OpenTicket, Person, Ticket, TicketEvent, Unit, Zone, isOpenState } from '../data/models/index.js';
import { isDuplicateKey } from '../data/errors.js';
import type { TicketDoc } from '../data/models/ticket.js';
import { findTicketScoped } from '../data/ticket-lookup.js';
import type { TicketEventDoc } from '../data/models/ticket-event.js';
import type { Actor } from '../domain/actor.js';
import { ConflictError, NotFoundError, ValidationError, ForbiddenError } from '../domain/errors.js';
import { RESIDENT_ROLES, type Department } from '../domain/roles.js';
import { OVERDUE_FIELDS, slaAfter } from '../domain/sla.js';
import { nextTicketNumber } from '../domain/ticket-number.js';
import { ticketScope } from '../domain/ticket-scope.js';
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
import type { PhotoStore, StoredPhoto } from './photo-store.js';

export type Ticket = TicketDoc;
export type TimelineEntry = Omit<TicketEventDoc, 'patch'>;
export type TicketRef = string | { id: string };

export interface TicketServiceDeps {
  config: Config;
  photos?: PhotoStore;
  calendar: WorkingCalendar;
  log: Logger;
  metrics?: Metrics;
  clock?: () => Date;
}

interface Effect {
  /** Absolute values only (no $inc), so applying a patch twice is harmless. */
  set?: Record<string, unknown>;
  note?: string;
  data?: Record<string, unknown>;
  deadline?: Date;
}

const oid = (id: string) => new Types.ObjectId(id);
/** Events that never change a ticket's state, so they can always be retried after a conflict. */
const STATE_PRESERVING: readonly TicketEventName[] = ['note', 'remind', 'follow_up', 'attach_photo'];
/** An event left unapplied this long is taken to be a crashed writer's and rolled forward. */
const ROLL_FORWARD_AFTER_MS = 10_000;

/**
 * The only way anything changes a ticket: chat, HTTP and jobs all call this service. Each change
 * is planned by the state machine, then claimed by inserting timeline event (ticket, version+1):
 * a unique index lets exactly one of two concurrent changes win, and the other gets
 * ConflictError('ticket_changed'). The winner then applies the event's patch to the ticket.
 * (No multi-document transactions, and no reliance on conditional updates being atomic, which
 * FerretDB's SQLite backend does not guarantee.)
 */
export class TicketService {
  private readonly listeners: Array<(t: Ticket, before: Ticket | null) => Promise<void>> = [];

  constructor(private readonly deps: TicketServiceDeps) {}

  /** Called after every change (the scheduler keeps the ticket's jobs in step with it). */
  onChange(listener: (t: Ticket, before: Ticket | null) => Promise<void>): void {
    this.listeners.push(listener);
  }

  /** Listeners run after the change is stored; their failure is logged, never undoes the change. */
  private async changed(t: Ticket, before: Ticket | null): Promise<Ticket> {
    for (const listener of this.listeners) {
      await listener(t, before).catch((err: unknown) =>
        this.deps.log.error({ err, number: t.number }, 'ticket change listener failed'),
      );
    }
    return t;
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
    if (q.reporter) and.push({ reporterId: oid(q.reporter) });
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
    // open states only: served from the open-ticket mirror, whose size follows open work
    const source = (
      q.state?.every(isOpenState) || q.overdue === 'true' ? OpenTicket : Ticket
    ) as typeof Ticket;
    const [items, total] = await Promise.all([
      source
        .find(filter)
        .sort({ createdAt: -1, _id: -1 })
        .skip((q.page - 1) * pageSize)
        .limit(pageSize)
        .lean<Ticket[]>(),
      source.countDocuments(filter),
    ]);
    return { items, total, page: q.page, pageSize };
  }

  /** The ticket's timeline, oldest first (events not yet applied to the ticket are left out). */
  async timeline(ticket: Pick<Ticket, '_id' | 'version'>): Promise<TimelineEntry[]> {
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
    if (data.sourceKey) {
      const existing = await Ticket.findOne({ sourceKey: data.sourceKey }).lean<Ticket>();
      if (existing) return existing;
    }
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
      const unit = await Unit.findOne({ _id: oid(data.unitId), communityId: oid(communityId) }).lean();
      if (!unit) throw new NotFoundError('unit', { id: data.unitId });
      if (isResident && !actor.unitIds.includes(data.unitId)) throw new ForbiddenError('not_your_unit');
      zoneId = String(unit.zoneId);
    } else if (!data.location) {
      throw new ValidationError(['location: required for a public-area report']);
    } else if (!zoneId) {
      zoneId = await this.zoneForPublicPlace(communityId, data.location, isResident ? actor.unitIds : []);
    }
    if (zoneId && !(await Zone.exists({ _id: oid(zoneId), communityId: oid(communityId) }))) {
      throw new NotFoundError('zone', { id: zoneId });
    }
    const reporterId = isResident ? actor.personId : data.reporterId;
    let reporterName = isResident ? actor.name : data.reporterName;
    if (reporterId && !reporterName)
      reporterName = (await Person.findById(reporterId, { name: 1 }).lean())?.name;
    const department: Department | undefined =
      data.department ??
      (data.kind === 'complaint' ? undefined : data.kind === 'repair' ? 'engineering' : 'customer_service');

    const now = this.now();
    const sla = slaAfter(
      { now, event: 'create', to: 'received', scope, department, appointmentFrom: data.appointment?.from },
      this.deps.config.sla,
      this.deps.calendar,
    );
    const ticketId = new Types.ObjectId();
    await TicketEvent.create({
      ticketId,
      seq: 0,
      ...this.entry(actor, now),
      event: 'create',
      to: 'received',
    });
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
      sla,
    };
    let doc: Ticket | undefined;
    for (let attempt = 0; !doc; attempt++) {
      const number = await nextTicketNumber(communityId, data.kind, now, this.deps.config.timezone);
      try {
        doc = (await Ticket.create({ ...fields, number })).toObject() as Ticket;
      } catch (err) {
        if (!isDuplicateKey(err) || attempt >= 50) throw err;
        // The same source (a chat flow finishing twice) already made its ticket: return that one.
        if (data.sourceKey) {
          const existing = await Ticket.findOne({ sourceKey: data.sourceKey }).lean<Ticket>();
          if (existing) return existing;
        }
        // Otherwise two writers drew the same number (the counter is not atomic everywhere): draw
        // again after a random pause, so a crowd of simultaneous reports spreads out (bench:chat
        // found 29 at once exhausting ten immediate retries on FerretDB).
        await new Promise((r) => setTimeout(r, Math.random() * 5 * (attempt + 1)));
      }
    }
    const number = doc.number;
    this.deps.metrics?.ticketsCreated.inc({ kind: data.kind });
    this.deps.log.info(
      { number, kind: data.kind, scope, actor: actor.personId ?? actor.kind },
      'ticket created',
    );
    return this.changed(doc, null);
  }

  // ── life cycle ─────────────────────────────────────────────────────────────

  async dispatch(actor: Actor, ref: TicketRef, input: unknown = {}) {
    const d = parse(S.dispatchInput, input);
    return this.apply(actor, ref, 'dispatch', async (t) =>
      this.assignment(t, d.assigneeId, d.department, d.note),
    );
  }

  async transfer(actor: Actor, ref: TicketRef, input: unknown) {
    const d = parse(S.transferInput, input);
    return this.apply(actor, ref, 'transfer', async (t) => {
      if (t.assigneeId && String(t.assigneeId) === d.assigneeId)
        throw new ValidationError(['assigneeId: already assigned to this person']);
      return this.assignment(t, d.assigneeId, undefined, d.note);
    });
  }

  async accept(actor: Actor, ref: TicketRef) {
    return this.apply(actor, ref, 'accept', async (t) => ({
      set: {
        acceptedAt: this.now(),
        ...(t.assigneeId ? {} : { assigneeId: oid(actor.personId!), assigneeName: actor.name }),
      },
    }));
  }

  async sendBack(actor: Actor, ref: TicketRef, input: unknown) {
    const d = parse(S.reasonInput, input);
    return this.apply(actor, ref, 'send_back', async () => ({
      set: { assigneeId: null, assigneeName: null, acceptedAt: null },
      note: d.note,
    }));
  }

  async arrive(actor: Actor, ref: TicketRef) {
    return this.apply(actor, ref, 'arrive', async () => ({ set: { arrivedAt: this.now() } }));
  }

  async requestQuote(actor: Actor, ref: TicketRef, input: unknown = {}) {
    const d = parse(S.optionalNoteInput, input);
    return this.apply(actor, ref, 'request_quote', async (t) => ({
      set: { quote: { requestedAt: this.now(), resumeState: t.state, note: d.note } },
      note: d.note,
    }));
  }

  async quote(actor: Actor, ref: TicketRef, input: unknown) {
    const d = parse(S.quoteInput, input);
    return this.apply(actor, ref, 'quote', async () => ({
      set: {
        'quote.amount': d.amount,
        'quote.quotedAt': this.now(),
        'quote.quotedBy': actor.personId ? oid(actor.personId) : undefined,
        ...(d.note ? { 'quote.note': d.note } : {}),
      },
      note: d.note,
      data: { amount: d.amount },
    }));
  }

  async answerQuote(actor: Actor, ref: TicketRef, input: unknown) {
    const d = parse(S.quoteAnswerInput, input);
    return this.apply(actor, ref, d.agree ? 'agree_quote' : 'decline_quote', async () => ({
      set: {
        'quote.decision': d.agree ? 'agreed' : 'declined',
        ...(d.agree ? {} : { closedAt: this.now() }),
      },
      note: d.note,
    }));
  }

  async complete(actor: Actor, ref: TicketRef, input: unknown = {}) {
    const d = parse(S.completeInput, input);
    return this.apply(actor, ref, 'complete', async () => ({
      set: { completedAt: this.now(), actualItem: d.actualItem, fees: d.fees, materials: d.materials },
      note: d.note,
      data: { fees: d.fees.reduce((sum, f) => sum + f.amount, 0) },
    }));
  }

  /** Inquiries, suggestions and praise: the front desk's answer completes them. */
  async answer(actor: Actor, ref: TicketRef, input: unknown) {
    const d = parse(S.reasonInput, input);
    return this.apply(actor, ref, 'answer', async () => ({ set: { completedAt: this.now() }, note: d.note }));
  }

  /** The owner's rating; at or below the configured score it opens rework. */
  async rate(actor: Actor, ref: TicketRef, input: unknown) {
    const d = parse(S.rateInput, input);
    const unsatisfied = d.score <= this.deps.config.rating.reworkAtOrBelow;
    return this.apply(actor, ref, unsatisfied ? 'rate_unsatisfied' : 'rate', async (t, to) => ({
      set: {
        rating: { score: d.score, comment: d.comment, at: this.now() },
        ...(to === 'dispatched' ? { acceptedAt: null, arrivedAt: null } : {}),
        ...(unsatisfied ? { reworkCount: (t.reworkCount ?? 0) + 1 } : {}),
      },
      note: d.comment,
      data: { score: d.score },
    }));
  }

  /** The callback (回访): satisfied closes the loop, unsatisfied sends back for rework or escalates. */
  async recordCallback(actor: Actor, ref: TicketRef, input: unknown) {
    const d = parse(S.callbackInput, input);
    return this.apply(actor, ref, d.satisfied ? 'callback' : 'callback_unsatisfied', async (t, to) => ({
      set: {
        callback: {
          satisfied: d.satisfied,
          method: d.method,
          note: d.note,
          at: this.now(),
          by: actor.personId ? oid(actor.personId) : undefined,
          byName: actor.name,
        },
        ...(to === 'filed' ? { closedAt: this.now() } : {}),
        ...(d.satisfied ? {} : t.kind !== 'complaint' ? { reworkCount: (t.reworkCount ?? 0) + 1 } : {}),
        ...(to === 'escalated'
          ? { escalationLevel: (t.escalationLevel ?? 0) + 1, escalatedAt: this.now() }
          : {}),
      },
      note: d.note,
      data: { satisfied: d.satisfied, method: d.method },
    }));
  }

  async close(actor: Actor, ref: TicketRef, input: unknown = {}) {
    const d = parse(S.optionalNoteInput, input);
    return this.apply(actor, ref, 'close', async () => ({ set: { closedAt: this.now() }, note: d.note }));
  }

  async classify(actor: Actor, ref: TicketRef, input: unknown) {
    const d = parse(S.classifyInput, input);
    return this.apply(actor, ref, 'classify', async () => ({
      set: { department: d.department, 'complaint.severity': d.severity },
      data: { department: d.department, severity: d.severity },
    }));
  }

  async plan(actor: Actor, ref: TicketRef, input: unknown) {
    const d = parse(S.planInput, input);
    if (d.deadline && d.deadline <= this.now())
      throw new ValidationError(['deadline: must be in the future']);
    return this.apply(actor, ref, 'plan', async () => ({
      set: { 'complaint.plan': d.plan, 'complaint.planDeadline': d.deadline },
      note: d.plan,
      deadline: d.deadline,
    }));
  }

  async startHandling(actor: Actor, ref: TicketRef, input: unknown = {}) {
    const d = parse(S.optionalNoteInput, input);
    return this.apply(actor, ref, 'start_handling', async () => ({ note: d.note }));
  }

  async finishHandling(actor: Actor, ref: TicketRef, input: unknown = {}) {
    const d = parse(S.optionalNoteInput, input);
    return this.apply(actor, ref, 'finish_handling', async () => ({
      set: { completedAt: this.now() },
      note: d.note,
    }));
  }

  async escalate(actor: Actor, ref: TicketRef, input: unknown) {
    const d = parse(S.reasonInput, input);
    return this.apply(actor, ref, 'escalate', async (t) => {
      if (t.escalationLevel >= 2) throw new ConflictError('escalation_at_top', { number: t.number });
      return {
        set: { escalationLevel: t.escalationLevel + 1, escalatedAt: this.now() },
        note: d.note,
        data: { level: t.escalationLevel + 1 },
      };
    });
  }

  async cancel(actor: Actor, ref: TicketRef, input: unknown) {
    const d = parse(S.reasonInput, input);
    return this.apply(actor, ref, 'cancel', async () => ({ set: { closedAt: this.now() }, note: d.note }));
  }

  async reopen(actor: Actor, ref: TicketRef, input: unknown) {
    const d = parse(S.reasonInput, input);
    return this.apply(actor, ref, 'reopen', async () => ({
      set: {
        closedAt: null,
        completedAt: null,
        assigneeId: null,
        assigneeName: null,
        rating: null,
        callback: null,
      },
      note: d.note,
    }));
  }

  async addNote(actor: Actor, ref: TicketRef, input: unknown) {
    const d = parse(S.reasonInput, input);
    return this.apply(actor, ref, 'note', async () => ({ note: d.note }));
  }

  /** Follow-up while open (事中跟进): recorded and the next follow-up deadline renewed. */
  async followUp(actor: Actor, ref: TicketRef, input: unknown) {
    const d = parse(S.reasonInput, input);
    return this.apply(actor, ref, 'follow_up', async () => ({ note: d.note }));
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

  /** Records that someone was reminded (used by the scheduler); no state change. */
  async recordReminder(actor: Actor, ref: TicketRef, data: Record<string, unknown>, noteText?: string) {
    return this.apply(actor, ref, 'remind', async () => ({ data, note: noteText }));
  }

  // ── internals ──────────────────────────────────────────────────────────────

  /** The zone of the building a public place names ("3栋电梯" → the zone holding building 3), else the reporter's. */
  private async zoneForPublicPlace(
    communityId: string,
    location: string,
    reporterUnits: string[],
  ): Promise<string | undefined> {
    const building = /(\d+)\s*(?:栋|幢|号楼|楼|座)/.exec(location)?.[1];
    if (building) {
      const zone = await Zone.findOne(
        { communityId: oid(communityId), buildings: building },
        { _id: 1 },
      ).lean();
      if (zone) return String(zone._id);
    }
    if (reporterUnits[0]) {
      const unit = await Unit.findById(reporterUnits[0], { zoneId: 1 }).lean();
      if (unit) return String(unit.zoneId);
    }
    return undefined;
  }

  private entry(actor: Actor, at: Date) {
    return {
      at,
      actorKind: actor.kind,
      actorId: actor.personId ? oid(actor.personId) : undefined,
      actorName: actor.name,
    };
  }

  private async assignment(
    t: Ticket,
    assigneeId?: string,
    department?: Department,
    note?: string,
  ): Promise<Effect> {
    const set: Record<string, unknown> = { dispatchedAt: this.now(), acceptedAt: null, arrivedAt: null };
    if (department) set.department = department;
    if (assigneeId) {
      const person = await Person.findOne({
        _id: oid(assigneeId),
        communityId: t.communityId,
        active: true,
      }).lean();
      if (!person || !person.roles.includes('staff'))
        throw new ValidationError(['assigneeId: not an active staff member of this community']);
      set.assigneeId = person._id;
      set.assigneeName = person.name;
      if (!department && person.department) set.department = person.department;
    } else {
      set.assigneeId = null;
      set.assigneeName = null;
    }
    if (!set.department && !t.department) throw new ValidationError(['department: required to dispatch']);
    return {
      set,
      note,
      data: { assigneeId: assigneeId ?? null, department: set.department ?? t.department },
    };
  }

  private async apply(
    actor: Actor,
    ref: TicketRef,
    event: TicketEventName,
    effect: (t: Ticket, to: TicketState) => Promise<Effect>,
  ): Promise<Ticket> {
    let ticket = await this.get(actor, ref);
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
        if (fresh.state !== ticket.state && !STATE_PRESERVING.includes(event)) throw err;
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
    const patch: Record<string, unknown> = { state: plan.to, version: seq, updatedAt: now, ...e.set };
    for (const [field, value] of Object.entries(sla)) patch[`sla.${field}`] = value;
    for (const [k, v] of Object.entries(patch)) if (v === undefined) delete patch[k];
    try {
      await TicketEvent.create({
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
    // Only the writer that won event `seq` moves the ticket from version seq-1 to seq.
    await Ticket.updateOne({ _id: ticket._id, version: seq - 1 }, { $set: patch }, { strict: false });
    this.deps.metrics?.ticketTransitions.inc({ event, to: plan.to });
    this.deps.log.info(
      { number: ticket.number, event, from: plan.from, to: plan.to, actor: actor.personId ?? actor.kind },
      'ticket transition',
    );
    const updated = (await Ticket.findById(ticket._id).lean<Ticket>())!;
    return event === 'remind' ? updated : this.changed(updated, ticket);
  }

  /** Applies events a crashed writer logged but never applied (older than a grace period). */
  async rollForward(ticketId: Types.ObjectId): Promise<number> {
    const ticket = await Ticket.findById(ticketId, { version: 1 }).lean();
    if (!ticket) return 0;
    const pending = await TicketEvent.find({ ticketId, seq: { $gt: ticket.version } })
      .sort({ seq: 1 })
      .lean();
    let applied = 0;
    for (const ev of pending) {
      // Wall-clock age from the event's ObjectId: the winner may still be applying a young one.
      if (Date.now() - ev._id.getTimestamp().getTime() < ROLL_FORWARD_AFTER_MS) break;
      const set = Object.fromEntries(
        (ev.patch as Array<{ path: string; value: unknown }>).map((p) => [p.path, p.value]),
      );
      const res = await Ticket.updateOne(
        { _id: ticketId, version: ev.seq - 1 },
        { $set: set },
        { strict: false },
      );
      if (!res.modifiedCount) break;
      applied++;
      this.deps.log.warn(
        { ticketId: String(ticketId), seq: ev.seq, event: ev.event },
        'rolled forward an unapplied ticket event',
      );
    }
    return applied;
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
    assigneeId: t.assigneeId ? String(t.assigneeId) : null,
    escalationLevel: t.escalationLevel ?? 0,
    quote: t.quote ? { resumeState: (t.quote.resumeState as TicketState | undefined) ?? null } : null,
  };
}
