import { DateTime } from 'luxon';
import { Types } from 'mongoose';
import type { Config } from '../config/schema.js';
import { nextSequence, Person, Unit, unitLabel } from '../data/models/index.js';
import { isDuplicateKey } from '../data/errors.js';
import { hasRole, type Actor } from '../domain/actor.js';
import { AppError, ConflictError, ForbiddenError, NotFoundError } from '../domain/errors.js';
import { RESIDENT_ROLES } from '../domain/roles.js';
import { translator } from '../i18n.js';
import type { Notifier } from '../notify/notification.js';
import { recipientsFor, type RecipientRole } from '../notify/recipients.js';
import { inCommunity } from '../services/community-scope.js';
import { parse } from '../services/validate.js';
import type { PhotoStore } from '../services/photo-store.js';
import mongoose from 'mongoose';
import { assertZoneWritable, inZones } from '../services/zone-scope.js';
import { Renovation, type RenovationDoc } from './model.js';
import {
  afterSpan,
  checkDates,
  localDay,
  extensionProblem,
  fullyApproved,
  nextViolationLevel,
  OPEN,
  RUNNING,
  type DatesProblem,
  type RenovationState,
  type Reviewer,
} from './rules.js';
import * as S from './schemas.js';

export interface RenovationDeps {
  config: Config;
  notifier: Notifier;
  /** Where uploaded drawings and photos go (the tickets' GridFS bucket). */
  photos?: PhotoStore;
  clock?: () => Date;
}

/** Where an uploaded photo belongs: the application's drawings/photos, or a record being written. */
export type PhotoTarget = 'application' | 'record';
type Photo = { fileId: string; contentType?: string; size?: number; sha256?: string };

const problemError = (p: DatesProblem) => new AppError(`renovation.${p.code}`, 400, p);

/**
 * Renovation applications from submission to the deposit refund (seed 003 part 2). Every change
 * is one conditional update on the application (by `_id` and version), appended to its history;
 * the applicant is told of every decision in their language, staff of what they must do.
 */
export class RenovationService {
  private readonly clock: () => Date;
  constructor(private readonly deps: RenovationDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  now(): Date {
    return this.clock();
  }

  private get cfg() {
    return this.deps.config.renovation;
  }

  async apply(actor: Actor, input: unknown, channel: 'chat' | 'desk'): Promise<RenovationDoc> {
    const d = parse(S.applyInput, input);
    const unit = await Unit.findById(d.unitId).lean();
    if (!unit || !unit.active) throw new NotFoundError('unit', { id: d.unitId });
    const resident = isResident(actor) && !d.applicantId;
    if (!resident && !isStaff(actor)) throw new ForbiddenError();
    if (actor.kind !== 'admin' && actor.communityId !== String(unit.communityId))
      throw new ForbiddenError('wrong_community');
    if (!resident) assertZoneWritable(actor, String(unit.zoneId));
    const applicantId = resident ? actor.personId : d.applicantId;
    if (!applicantId) throw new AppError('renovation.applicant_required', 400);
    const person = await Person.findById(applicantId).lean();
    const relation = person?.units.find((u) => String(u.unitId) === d.unitId)?.relation;
    if (!person || !relation) throw new ForbiddenError('renovation.not_resident');
    if (relation !== 'owner' && !d.ownerAuthorization)
      throw new AppError('renovation.authorization_required', 400);
    const problem = checkDates(d, this.now(), this.cfg, this.deps.config.timezone);
    if (problem) throw problemError(problem);
    await this.assertCitable(actor, '', d.photos);
    const doc = await this.insert({
      communityId: unit.communityId,
      zoneId: unit.zoneId,
      unitId: unit._id,
      applicantId: person._id,
      applicantName: person.name,
      relation,
      ownerAuthorization: d.ownerAuthorization
        ? { ...d.ownerAuthorization, recordedAt: this.now() }
        : undefined,
      channel,
      company: d.company,
      scope: d.scope,
      size: d.size,
      startDate: d.startDate,
      endDate: d.endDate,
      photos: d.photos,
      state: 'submitted',
      history: [{ at: this.now(), action: 'submitted', by: who(actor) }],
    });
    await this.tellStaff(doc, ['cs_supervisor', 'front_desk'], 'staff_review', 'submitted');
    await this.tellStaff(doc, ['dept_supervisor'], 'staff_review', 'submitted', 'engineering');
    // In chat the flow itself confirms; an application made at the desk is confirmed in chat.
    if (channel === 'desk')
      await this.tellApplicant(doc, 'submitted', { start: doc.startDate, end: doc.endDate });
    return doc;
  }

  async review(actor: Actor, id: string, input: unknown): Promise<RenovationDoc> {
    const r = parse(S.reviewInput, input);
    const doc = await this.writable(actor, id);
    assertReviewer(actor, r.reviewer);
    expectState(doc, ['submitted']);
    const reviews = {
      ...(doc.reviews ?? {}),
      [r.reviewer]: { ...r, by: who(actor), byName: actor.name, at: this.now() },
    };
    const state: RenovationState =
      r.decision === 'changes' ? 'changes_requested' : fullyApproved(reviews) ? 'approved' : 'submitted';
    const next = await this.change(
      doc,
      { reviews, state },
      `review:${r.reviewer}:${r.decision}`,
      actor,
      r.note,
    );
    const reviewer = (t: ReturnType<typeof translator>) => t(`renovation.reviewer.${r.reviewer}`);
    if (r.decision === 'changes')
      await this.tellApplicant(next, 'changes_requested', { note: r.note ?? '' }, reviewer);
    else if (state === 'approved') await this.tellApplicant(next, 'approved', {});
    return next;
  }

  /** The applicant (or the desk for them) answers a request for changes: both review again. */
  async resubmit(actor: Actor, id: string, input: unknown): Promise<RenovationDoc> {
    const d = parse(S.resubmitInput, input);
    const doc = await this.readable(actor, id);
    if (!this.mayActForApplicant(actor, doc)) throw new ForbiddenError();
    expectState(doc, ['changes_requested']);
    const { note, ...fields } = d;
    const merged = { startDate: doc.startDate, endDate: doc.endDate, size: doc.size, ...fields };
    const problem = checkDates(merged, this.now(), this.cfg, this.deps.config.timezone);
    if (problem) throw problemError(problem);
    const next = await this.change(
      doc,
      { ...fields, reviews: {}, state: 'submitted' },
      'resubmitted',
      actor,
      note,
    );
    await this.tellStaff(next, ['cs_supervisor', 'front_desk'], 'staff_review', 'resubmitted');
    await this.tellStaff(next, ['dept_supervisor'], 'staff_review', 'resubmitted', 'engineering');
    return next;
  }

  /** 装修施工证 and 临时出入证: works may start. */
  async issuePermit(actor: Actor, id: string, input: unknown): Promise<RenovationDoc> {
    const p = parse(S.permitInput, input);
    const doc = await this.writable(actor, id);
    expectState(doc, ['approved', 'in_progress', 'suspended']);
    const state = doc.state === 'approved' ? 'in_progress' : doc.state;
    const next = await this.change(doc, { ...p, state }, 'permit', actor, p.permitNumber);
    await this.tellApplicant(next, 'permit', {
      permit: p.permitNumber,
      passes: p.workerPasses.length,
      hours: this.hours(),
    });
    return next;
  }

  async requestExtension(actor: Actor, id: string, input: unknown): Promise<RenovationDoc> {
    const e = parse(S.extensionInput, input);
    const doc = await this.readable(actor, id);
    if (!this.mayActForApplicant(actor, doc)) throw new ForbiddenError();
    expectState(doc, ['approved', 'in_progress', 'suspended']);
    if (doc.extensions.some((x) => x.decision === 'pending'))
      throw new ConflictError('renovation.extension_pending');
    const problem = extensionProblem(doc.startDate, doc.endDate, e.until, this.cfg);
    if (problem) throw problemError(problem);
    const extensions = [...doc.extensions, { ...e, decision: 'pending' as const, at: this.now() }];
    const next = await this.change(doc, { extensions }, 'extension_requested', actor, e.until);
    await this.tellStaff(next, ['cs_supervisor'], 'staff_extension', `ext:${extensions.length}`, undefined, {
      until: e.until,
    });
    return next;
  }

  async decideExtension(actor: Actor, id: string, input: unknown): Promise<RenovationDoc> {
    const { decision } = parse(S.extensionDecisionInput, input);
    const doc = await this.writable(actor, id);
    const i = doc.extensions.findIndex((x) => x.decision === 'pending');
    if (i < 0) throw new ConflictError('renovation.no_extension');
    const extensions = doc.extensions.map((x, j) => (j === i ? { ...x, decision } : x));
    const until = doc.extensions[i]!.until;
    const set = decision === 'approved' ? { extensions, endDate: until } : { extensions };
    const next = await this.change(doc, set, `extension_${decision}`, actor, until);
    await this.tellApplicant(next, `extension_${decision}`, { until, end: next.endDate });
    return next;
  }

  /** The daily inspection (装修巡检): checklist, note and photos. */
  async inspect(actor: Actor, id: string, input: unknown): Promise<RenovationDoc> {
    const i = parse(S.inspectionInput, input);
    const doc = await this.writable(actor, id);
    await this.assertCitable(actor, id, i.photos);
    expectState(doc, RUNNING);
    const unknown = Object.keys(i.checklist).filter((k) => !this.cfg.checklist.includes(k));
    if (unknown.length) throw new AppError('renovation.unknown_check', 400, { items: unknown.join(', ') });
    const day = localDay(this.now(), this.deps.config.timezone);
    const inspections = [
      ...doc.inspections,
      { ...i, day, at: this.now(), by: who(actor), byName: actor.name },
    ];
    const failed = Object.entries(i.checklist)
      .filter(([, ok]) => !ok)
      .map(([k]) => k);
    return this.change(doc, { inspections }, 'inspected', actor, failed.join(',') || undefined);
  }

  /** One violation: the next step of the ladder, with evidence; the applicant is told. */
  async recordViolation(actor: Actor, id: string, input: unknown): Promise<RenovationDoc> {
    const v = parse(S.violationInput, input);
    const doc = await this.writable(actor, id);
    await this.assertCitable(actor, id, v.evidence);
    expectState(doc, RUNNING);
    const level = nextViolationLevel(doc.violations.length);
    const violations = [
      ...doc.violations,
      { ...v, level, at: this.now(), by: who(actor), byName: actor.name },
    ];
    const state = level === 'power_cut' ? 'suspended' : doc.state;
    const next = await this.change(doc, { violations, state }, `violation:${level}`, actor, v.note);
    await this.tellApplicant(next, `violation.${level}`, { note: v.note, count: violations.length });
    if (level !== 'verbal_warning')
      await this.tellStaff(next, ['cs_supervisor'], `staff_violation`, `v:${violations.length}`, undefined, {
        level,
      });
    return next;
  }

  /** After a power cut: the company admitted the fault and promised to comply (4.4). */
  async resume(actor: Actor, id: string): Promise<RenovationDoc> {
    const doc = await this.writable(actor, id);
    expectState(doc, ['suspended']);
    const next = await this.change(doc, { state: 'in_progress' }, 'resumed', actor);
    await this.tellApplicant(next, 'resumed', {});
    return next;
  }

  /** The applicant says the works are done (竣工验收申请). */
  async requestAcceptance(actor: Actor, id: string): Promise<RenovationDoc> {
    const doc = await this.readable(actor, id);
    if (!this.mayActForApplicant(actor, doc)) throw new ForbiddenError();
    expectState(doc, ['in_progress']);
    const next = await this.change(doc, { state: 'awaiting_acceptance' }, 'acceptance_requested', actor);
    await this.tellStaff(next, ['zone_manager', 'cs_supervisor'], 'staff_acceptance', 'acc');
    await this.tellStaff(next, ['dept_supervisor'], 'staff_acceptance', 'acc', 'engineering');
    return next;
  }

  /** Acceptance inspection: passed → the refund is scheduled; failed → fix and inspect again. */
  async accept(actor: Actor, id: string, input: unknown): Promise<RenovationDoc> {
    const a = parse(S.acceptanceInput, input);
    const doc = await this.writable(actor, id);
    expectState(doc, ['awaiting_acceptance']);
    const acceptances = [...doc.acceptances, { ...a, at: this.now(), by: who(actor), byName: actor.name }];
    if (!a.passed) {
      const next = await this.change(doc, { acceptances }, 'acceptance_failed', actor, a.note);
      await this.tellApplicant(next, 'acceptance_failed', { note: a.note ?? '' });
      return next;
    }
    const refundDueAt = afterSpan(this.now(), this.cfg.refundAfter, this.deps.config.timezone);
    const next = await this.change(
      doc,
      { acceptances, state: 'accepted', acceptedAt: this.now(), refundDueAt },
      'accepted',
      actor,
      a.note,
    );
    await Unit.updateOne({ _id: doc.unitId, state: 'renovating' }, { $set: { state: 'occupied' } });
    await this.tellApplicant(next, 'accepted', { refund: this.localDate(refundDueAt) });
    return next;
  }

  async cancel(actor: Actor, id: string): Promise<RenovationDoc> {
    const doc = await this.readable(actor, id);
    if (!this.mayActForApplicant(actor, doc)) throw new ForbiddenError();
    expectState(doc, ['submitted', 'changes_requested', 'approved']);
    return this.change(doc, { state: 'cancelled' }, 'cancelled', actor);
  }

  /**
   * The scheduled step (5.4): deposits due are marked refunded; finance (财务, who pays it back,
   * seed 003 2.1 "财务部") and the customer-service supervisor are told, and the owner.
   */
  async refundDue(): Promise<string[]> {
    const due = await Renovation.find({ state: 'accepted', refundDueAt: { $lte: this.now() } }).lean<
      RenovationDoc[]
    >();
    const done: string[] = [];
    for (const doc of due) {
      const next = await this.change(
        doc,
        { state: 'refunded', refundedAt: this.now() },
        'deposit_refunded',
        undefined,
      ).catch((err) => (err instanceof ConflictError ? undefined : Promise.reject(err)));
      if (!next) continue;
      await this.tellStaff(next, ['finance', 'cs_supervisor'], 'staff_refund', 'refund');
      await this.tellApplicant(next, 'refunded', {});
      done.push(next._id);
    }
    return done;
  }

  /** The daily inspection task: one per running renovation per day, to its zone manager. */
  async sendInspectionTasks(): Promise<string[]> {
    const day = this.localDate(this.now());
    const running = await Renovation.find({ state: { $in: RUNNING } }).lean<RenovationDoc[]>();
    const sent: string[] = [];
    for (const doc of running) {
      if (doc.inspectionTasks.includes(day) || doc.startDate > day) continue;
      const res = await Renovation.updateOne(
        { _id: doc._id, version: doc.version },
        { $push: { inspectionTasks: day }, $inc: { version: 1 } },
      );
      if (!res.modifiedCount) continue;
      const items = (t: ReturnType<typeof translator>) =>
        this.cfg.checklist.map((c, i) => `${i + 1}. ${t(`renovation.checklist.${c}`)}`).join('\n');
      await this.tellStaff(
        doc,
        ['zone_manager'],
        'staff_inspection',
        `insp:${day}`,
        undefined,
        { day },
        items,
      );
      sent.push(doc._id);
    }
    return sent;
  }

  /**
   * Inspection tasks not done within `inspectionOverdue`: the customer-service supervisor is told
   * once per renovation and day missed.
   */
  async reportMissedInspections(): Promise<string[]> {
    const { timezone } = this.deps.config;
    // A task is due at `inspectionAt` of its day, and overdue `inspectionOverdue` after that.
    const overdue = (day: string) =>
      DateTime.fromISO(day, { zone: timezone }).plus({ minutes: this.cfg.inspectionAt }).toMillis() +
        this.cfg.inspectionOverdue <=
      this.now().getTime();
    const running = await Renovation.find({ state: { $in: RUNNING } }).lean<RenovationDoc[]>();
    const missed: string[] = [];
    for (const doc of running) {
      const days = doc.inspectionTasks.filter(
        (day) => overdue(day) && !doc.inspections.some((i) => i.day === day),
      );
      if (!days.length) continue;
      await this.tellStaff(
        doc,
        ['cs_supervisor'],
        'staff_inspection_missed',
        `missed:${days.join(',')}`,
        undefined,
        {
          days: days.join(', '),
        },
      );
      missed.push(doc._id);
    }
    return missed;
  }

  async get(actor: Actor, id: string): Promise<RenovationDoc> {
    return this.readable(actor, id);
  }

  /**
   * A drawing or photo uploaded from the console (type sniffed, size capped by `photos.maxBytes`,
   * stored as the tickets' photos are): attached to the application (at most
   * `photos.maxPerTicket`), or kept for the inspection or violation record about to be written,
   * which may cite it because it was uploaded for this application.
   */
  async addPhoto(
    actor: Actor,
    id: string,
    bytes: Buffer,
    to: PhotoTarget,
  ): Promise<{ doc: RenovationDoc; photo: Photo }> {
    const doc = await this.readable(actor, id);
    if (to === 'application' ? !this.mayActForApplicant(actor, doc) : !isStaff(actor))
      throw new ForbiddenError();
    if (to === 'record') assertZoneWritable(actor, String(doc.zoneId));
    const max = this.deps.config.photos.maxPerTicket;
    if (to === 'application' && doc.photos.length >= max)
      throw new AppError('renovation.too_many_photos', 400, { max });
    const saved = await this.store().save(bytes, { uploadedBy: who(actor), renovationId: id } as never);
    const photo = {
      fileId: String(saved.fileId),
      contentType: saved.contentType,
      size: saved.size,
      sha256: saved.sha256,
    };
    if (to === 'record') return { doc, photo };
    const next = await this.change(doc, { photos: [...doc.photos, photo] }, 'photo_added', actor);
    return { doc: next, photo };
  }

  /** A photo of the application, its inspections or its violations, for a caller who may see it. */
  async readPhoto(actor: Actor, id: string, fileId: string): Promise<{ contentType: string; data: Buffer }> {
    const doc = await this.readable(actor, id);
    const all = [
      ...doc.photos,
      ...doc.inspections.flatMap((i) => i.photos as Photo[]),
      ...doc.violations.flatMap((v) => v.evidence as Photo[]),
    ];
    const photo = all.find((p) => String(p.fileId) === fileId);
    if (!photo) throw new NotFoundError('photo', { id: fileId });
    return {
      contentType: photo.contentType ?? 'application/octet-stream',
      data: await this.store().read(photo.fileId),
    };
  }

  private store(): PhotoStore {
    if (!this.deps.photos) throw new Error('renovation service built without a photo store');
    return this.deps.photos;
  }

  /**
   * A record may cite only photos uploaded for this application or by the one writing it (a chat
   * flow's photos): never another application's or a ticket's, which would then be served here.
   */
  private async assertCitable(actor: Actor, id: string, photos: Photo[]): Promise<void> {
    if (!photos.length) return;
    const files = mongoose.connection.db!.collection('photos.files');
    for (const p of photos) {
      if (!mongoose.isValidObjectId(p.fileId)) throw new AppError('renovation.photo_not_yours', 400);
      const file = await files.findOne({ _id: new Types.ObjectId(p.fileId) });
      const meta = (file?.metadata ?? {}) as Record<string, unknown>;
      if (!file || (meta.renovationId !== id && meta.uploadedBy !== who(actor)))
        throw new AppError('renovation.photo_not_yours', 400);
    }
  }

  async list(actor: Actor, query: unknown): Promise<RenovationDoc[]> {
    const q = parse(S.listQuery, query);
    const filter: Record<string, unknown> = { ...inCommunity(actor), ...inZones(actor) };
    if (isFinanceOnly(actor)) filter.state = { $in: DEPOSIT_STATES };
    else if (isResident(actor) && !isStaff(actor)) filter.applicantId = new Types.ObjectId(actor.personId);
    if (q.state) filter.state = isFinanceOnly(actor) && !DEPOSIT_STATES.includes(q.state) ? '' : q.state;
    if (q.zone) filter.zoneId = new Types.ObjectId(q.zone);
    let docs = await Renovation.find(filter)
      .sort({ createdAt: -1 })
      .limit(q.q ? 1000 : q.limit)
      .lean<RenovationDoc[]>();
    if (q.q) {
      const needle = q.q.toLowerCase();
      const units = new Map(
        (await Unit.find({ _id: { $in: docs.map((d) => d.unitId) } }).lean()).map((u) => [
          String(u._id),
          unitLabel(u),
        ]),
      );
      docs = docs.filter((d) =>
        [d._id, d.company, d.scope, d.applicantName, d.permitNumber, units.get(String(d.unitId))].some((s) =>
          s?.toLowerCase().includes(needle),
        ),
      );
    }
    return docs.slice(0, q.limit);
  }

  /** The applicant's open renovation (chat: "我的装修"). */
  async openOf(personId: string): Promise<RenovationDoc | undefined> {
    const docs = await Renovation.find({ applicantId: new Types.ObjectId(personId), state: { $in: OPEN } })
      .sort({ createdAt: -1 })
      .limit(1)
      .lean<RenovationDoc[]>();
    return docs[0];
  }

  hours(): string {
    return this.cfg.workHours.map((w) => w.text).join(', ');
  }

  localDate(at: Date): string {
    return localDay(at, this.deps.config.timezone);
  }

  // --- internals ---

  private async insert(fields: Record<string, unknown>): Promise<RenovationDoc> {
    const day = DateTime.fromJSDate(this.now()).setZone(this.deps.config.timezone).toFormat('yyyyLLdd');
    for (let attempt = 0; attempt < 5; attempt++) {
      const seq = await nextSequence(`renovation:${day}`);
      const _id = `RN${day}-${String(seq).padStart(4, '0')}`;
      try {
        const doc = await Renovation.create({ _id, ...fields });
        return doc.toObject() as unknown as RenovationDoc;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err; // FerretDB: a racing counter; the unique _id arbitrates
      }
    }
    throw new ConflictError('renovation.busy');
  }

  private async readable(actor: Actor, id: string): Promise<RenovationDoc> {
    parse(S.renovationNumber, { id });
    const doc = await Renovation.findById(id).lean<RenovationDoc>();
    if (!doc || !this.visible(actor, doc)) throw new NotFoundError('renovation', { id });
    return doc;
  }

  /** Staff writes: readable, and inside a zone-limited actor's zones. */
  private async writable(actor: Actor, id: string): Promise<RenovationDoc> {
    const doc = await this.readable(actor, id);
    if (!isStaff(actor)) throw new ForbiddenError();
    assertZoneWritable(actor, String(doc.zoneId));
    return doc;
  }

  private visible(actor: Actor, doc: RenovationDoc): boolean {
    if (actor.kind === 'admin' || actor.kind === 'system') return true;
    if (actor.communityId !== String(doc.communityId)) return false;
    if (isFinanceOnly(actor)) return DEPOSIT_STATES.includes(doc.state);
    if (isStaff(actor)) {
      const zoned = inZones(actor).zoneId;
      return !zoned || actor.zoneIds.includes(String(doc.zoneId));
    }
    return String(doc.applicantId) === actor.personId;
  }

  private mayActForApplicant(actor: Actor, doc: RenovationDoc): boolean {
    if (String(doc.applicantId) === actor.personId) return true;
    if (!isStaff(actor)) return false;
    assertZoneWritable(actor, String(doc.zoneId));
    return true;
  }

  private async change(
    doc: RenovationDoc,
    set: Record<string, unknown>,
    action: string,
    actor: Actor | undefined,
    note?: string,
  ): Promise<RenovationDoc> {
    const entry = { at: this.now(), action, by: actor ? who(actor) : 'system', note };
    const next = await Renovation.findOneAndUpdate(
      { _id: doc._id, version: doc.version },
      { $set: { ...set, version: doc.version + 1 }, $push: { history: entry } },
      { returnDocument: 'after' },
    ).lean<RenovationDoc>();
    if (!next) throw new ConflictError('renovation.changed');
    if (set.state === 'in_progress' && doc.state === 'approved')
      await Unit.updateOne({ _id: doc.unitId }, { $set: { state: 'renovating' } });
    return next;
  }

  private async tellApplicant(
    doc: RenovationDoc,
    message: string,
    params: Record<string, unknown>,
    extra?: (t: ReturnType<typeof translator>) => string,
  ): Promise<void> {
    const person = await Person.findById(doc.applicantId, { language: 1 }).lean();
    const t = translator(person?.language ?? this.deps.config.defaultLanguage);
    await this.deps.notifier.notify({
      personId: String(doc.applicantId),
      audience: 'owner',
      text: t(`renovation.owner.${message}`, {
        id: doc._id,
        reviewer: extra?.(t) ?? '',
        hours: this.hours(),
        ...params,
      }),
      reason: `renovation.${message}`,
      dedupeKey: `renovation:${doc._id}:${doc.version}:${message}`,
    });
  }

  private async tellStaff(
    doc: RenovationDoc,
    roles: Array<RecipientRole | 'finance'>,
    message: string,
    occurrence: string,
    department?: 'engineering',
    params: Record<string, unknown> = {},
    list?: (t: ReturnType<typeof translator>) => string,
  ): Promise<void> {
    const unit = await Unit.findById(doc.unitId).lean();
    const target = { communityId: doc.communityId, zoneId: doc.zoneId, department } as never;
    const seen = new Set<string>();
    for (const role of roles) {
      // finance is a community-wide role: recipientsFor's default branch (community + role) reads it
      for (const p of await recipientsFor(target, role as RecipientRole)) {
        if (seen.has(p.personId)) continue;
        seen.add(p.personId);
        const t = translator(p.language);
        await this.deps.notifier.notify({
          personId: p.personId,
          audience: 'staff',
          text: t(`renovation.staff.${message}`, {
            id: doc._id,
            place: unit ? unitLabel(unit) : '',
            company: doc.company,
            start: doc.startDate,
            end: doc.endDate,
            list: list?.(t) ?? '',
            ...params,
            level: params.level ? t(`renovation.level.${String(params.level)}`) : '',
          }),
          reason: `renovation.${message}`,
          dedupeKey: `renovation:${doc._id}:${occurrence}:${p.personId}`,
        });
      }
    }
  }
}

const who = (actor: Actor) => actor.personId ?? actor.userId ?? actor.kind;

function isResident(actor: Actor): boolean {
  return actor.kind === 'person' && !actor.consoleRole && actor.roles.some((r) => RESIDENT_ROLES.includes(r));
}
/** Staff who may act on applications (finance only reads deposits). */
function isStaff(actor: Actor): boolean {
  if (actor.kind === 'admin' || actor.kind === 'system' || actor.consoleRole) return true;
  return actor.roles.some((r) => !RESIDENT_ROLES.includes(r) && r !== 'finance');
}
/** Finance and nothing else among staff roles: sees accepted and refunded deposits, changes nothing. */
function isFinanceOnly(actor: Actor): boolean {
  return actor.kind === 'person' && !actor.consoleRole && hasRole(actor, 'finance') && !isStaff(actor);
}
const DEPOSIT_STATES: readonly RenovationState[] = ['accepted', 'refunded'];

/** Customer service reviews by the desk or its supervisor; engineering by its supervisor (or above). */
function assertReviewer(actor: Actor, reviewer: Reviewer): void {
  if (actor.kind === 'admin' || actor.consoleRole === 'admin' || hasRole(actor, 'director')) return;
  if (
    reviewer === 'customer_service' &&
    (hasRole(actor, 'cs_supervisor', 'front_desk') ||
      actor.consoleRole === 'cs_supervisor' ||
      actor.consoleRole === 'front_desk')
  )
    return;
  if (reviewer === 'engineering' && actor.department === 'engineering' && hasRole(actor, 'dept_supervisor'))
    return;
  if (reviewer === 'engineering' && actor.consoleRole === 'cs_supervisor') return; // records the engineering verdict given on paper
  throw new ForbiddenError('renovation.not_reviewer', { reviewer });
}

function expectState(doc: RenovationDoc, states: readonly RenovationState[]): void {
  if (!states.includes(doc.state)) throw new ConflictError('renovation.wrong_state', { state: doc.state });
}
