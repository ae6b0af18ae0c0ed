import { Types } from 'mongoose';
import type { Config } from '../config/schema.js';
import { Unit } from '../data/models/index.js';
import type { Actor } from '../domain/actor.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../domain/errors.js';
import type { Notifier } from '../notify/notification.js';
import { communityFor, inCommunity } from '../services/community-scope.js';
import { objectId } from '../services/schemas.js';
import { parse } from '../services/validate.js';
import { zoneLimited } from '../services/zone-scope.js';
import { covers, zonesOf } from './audience.js';
import { deliverNotice } from './deliver.js';
import { Announcement, type AnnouncementDoc } from './model.js';
import {
  createNoticeInput,
  listNoticesQuery,
  publishNoticeInput,
  updateNoticeInput,
  type CreateNotice,
} from './schemas.js';

export type Notice = AnnouncementDoc;
export type NoticeListener = (n: Notice) => Promise<void> | void;

const who = (actor: Actor) => actor.name ?? actor.personId ?? actor.kind;
const oid = (id: string) => new Types.ObjectId(parse(objectId, id));

/** A notice as the API shows it. */
export function noticeView(n: Notice) {
  return {
    id: String(n._id),
    type: n.type,
    title: n.title,
    body: n.body,
    scope: n.scope,
    zoneIds: n.zoneIds.map(String),
    buildings: n.buildings,
    unitIds: n.unitIds.map(String),
    startsAt: n.startsAt,
    endsAt: n.endsAt,
    publishAt: n.publishAt,
    remind: n.remind,
    notifyOwners: n.notifyOwners,
    state: n.state,
    publishedAt: n.publishedAt,
    remindedAt: n.remindedAt,
    cancelledAt: n.cancelledAt,
    sentToGroups: n.sentToGroups,
    sentToOwners: n.sentToOwners,
    createdBy: n.createdBy,
    updatedAt: (n as { updatedAt?: Date }).updatedAt,
  };
}

/**
 * Notices (通知公告): written by the desk, published now or at a time, reminded before their
 * window, answered from in chat while active. A console zone manager writes and sees only
 * notices inside their zones (community-wide notices they read but do not write).
 */
export class AnnouncementService {
  private readonly listeners: NoticeListener[] = [];

  constructor(private readonly deps: { config: Config; notifier: Notifier; clock?: () => Date }) {}

  private now(): Date {
    return this.deps.clock?.() ?? new Date();
  }

  /** Called after every change (the scheduler keeps the notice's publish and reminder jobs). */
  onChange(listener: NoticeListener): void {
    this.listeners.push(listener);
  }

  private async changed(n: Notice): Promise<Notice> {
    for (const l of this.listeners) await l(n);
    return n;
  }

  private readFilter(actor: Actor): Record<string, unknown> {
    const filter: Record<string, unknown> = { ...inCommunity(actor) };
    if (zoneLimited(actor))
      filter.$or = [
        { scope: 'community' },
        { zoneIds: { $in: actor.zoneIds.map((z) => new Types.ObjectId(z)) } },
      ];
    return filter;
  }

  private assertWritable(actor: Actor, n: { scope: string; zoneIds: Array<Types.ObjectId | string> }) {
    if (!zoneLimited(actor)) return;
    if (n.scope === 'community' || n.zoneIds.some((z) => !actor.zoneIds.includes(String(z))))
      throw new ForbiddenError('wrong_zone');
  }

  async list(actor: Actor, query: unknown) {
    const q = parse(listNoticesQuery, query);
    const filter = this.readFilter(actor);
    if (q.state) filter.state = q.state;
    if (q.type) filter.type = q.type;
    let docs = await Announcement.find(filter).sort({ startsAt: -1 }).lean<Notice[]>();
    if (q.q) docs = docs.filter((d) => d.title.includes(q.q!) || d.body.includes(q.q!));
    const items = docs.slice((q.page - 1) * q.pageSize, q.page * q.pageSize).map(noticeView);
    return { items, total: docs.length, page: q.page, pageSize: q.pageSize };
  }

  private async load(actor: Actor, id: string): Promise<Notice> {
    const doc = await Announcement.findOne({ _id: oid(id), ...this.readFilter(actor) }).lean<Notice>();
    if (!doc) throw new NotFoundError('announcement', { id });
    return doc;
  }

  async get(actor: Actor, id: string) {
    return noticeView(await this.load(actor, id));
  }

  private checkTimes(data: { endsAt: Date; publishAt?: Date }) {
    const now = this.now();
    if (data.endsAt <= now) throw new ValidationError(['endsAt: must be in the future']);
    if (data.publishAt && data.publishAt >= data.endsAt)
      throw new ValidationError(['publishAt: must be before endsAt']);
  }

  private async fields(communityId: Types.ObjectId, data: Omit<CreateNotice, 'communityId'>) {
    const zoneIds = await zonesOf(communityId, data);
    return {
      ...data,
      zoneIds,
      unitIds: data.unitIds.map((u) => new Types.ObjectId(u)),
      notifyOwners: data.notifyOwners ?? this.deps.config.announcements.notifyOwnersPrivately,
    };
  }

  async create(actor: Actor, input: unknown) {
    const { communityId: requested, ...data } = parse(createNoticeInput, input);
    this.checkTimes(data);
    const communityId = await communityFor(actor, requested);
    const fields = await this.fields(communityId, data);
    this.assertWritable(actor, fields);
    const doc = await Announcement.create({
      ...fields,
      communityId,
      createdBy: who(actor),
      updatedBy: who(actor),
    });
    return noticeView(await this.changed(doc.toObject() as Notice));
  }

  async update(actor: Actor, id: string, input: unknown) {
    const data = parse(updateNoticeInput, input);
    this.checkTimes(data);
    const before = await this.load(actor, id);
    this.assertWritable(actor, before);
    if (before.state !== 'draft' && before.state !== 'scheduled')
      throw new ConflictError('announcement_not_editable', { state: before.state });
    const fields = await this.fields(before.communityId, data);
    this.assertWritable(actor, fields);
    const doc = await Announcement.findOneAndUpdate(
      { _id: before._id, state: before.state },
      { $set: { ...fields, updatedBy: who(actor) } },
      { returnDocument: 'after' },
    ).lean<Notice>();
    if (!doc) throw new ConflictError('announcement_changed', { id });
    return noticeView(await this.changed(doc));
  }

  /**
   * Publishes a draft: at once (groups and owners told now), or at `publishAt` (a scheduled job
   * publishes it then). Publishing a notice already published or cancelled is a 409.
   */
  async publish(actor: Actor, id: string, input: unknown) {
    const { publishAt } = parse(publishNoticeInput, input ?? {});
    const before = await this.load(actor, id);
    this.assertWritable(actor, before);
    if (before.state !== 'draft' && before.state !== 'scheduled')
      throw new ConflictError('announcement_not_editable', { state: before.state });
    const at = publishAt ?? before.publishAt;
    const now = this.now();
    if (at && at > now) {
      if (at >= before.endsAt) throw new ValidationError(['publishAt: must be before endsAt']);
      const doc = await Announcement.findOneAndUpdate(
        { _id: before._id },
        { $set: { state: 'scheduled', publishAt: at, updatedBy: who(actor) } },
        { returnDocument: 'after' },
      ).lean<Notice>();
      return noticeView(await this.changed(doc!));
    }
    return noticeView(await this.publishNow(before._id, who(actor)));
  }

  /** Marks the notice published and sends it (the publish job calls this too). */
  async publishNow(id: Types.ObjectId, by = 'system'): Promise<Notice> {
    const now = this.now();
    const doc = await Announcement.findOneAndUpdate(
      { _id: id, state: { $in: ['draft', 'scheduled'] } },
      { $set: { state: 'published', publishedAt: now, updatedBy: by } },
      { returnDocument: 'after' },
    ).lean<Notice>();
    if (!doc) throw new ConflictError('announcement_not_editable', { id: String(id) });
    const sent = await deliverNotice(doc, 'publish', { ...this.deps, now });
    await Announcement.updateOne(
      { _id: id },
      { $set: { sentToGroups: sent.groups, sentToOwners: sent.owners } },
    );
    return this.changed({ ...doc, sentToGroups: sent.groups, sentToOwners: sent.owners });
  }

  /** Sends the reminder before the window (the reminder job). */
  async remindNow(id: Types.ObjectId): Promise<boolean> {
    const doc = await Announcement.findById(id).lean<Notice>();
    if (!doc || doc.state !== 'published' || doc.remindedAt) return false;
    const now = this.now();
    if (doc.startsAt <= now) return false; // the window began: a reminder would be late
    await deliverNotice(doc, 'reminder', { ...this.deps, now });
    await Announcement.updateOne({ _id: id }, { $set: { remindedAt: now } });
    return true;
  }

  /** Withdraws a notice: no more publishing, reminders or chat answers from it. */
  async cancel(actor: Actor, id: string) {
    const before = await this.load(actor, id);
    this.assertWritable(actor, before);
    if (before.state === 'cancelled')
      throw new ConflictError('announcement_not_editable', { state: before.state });
    const doc = await Announcement.findOneAndUpdate(
      { _id: before._id },
      { $set: { state: 'cancelled', cancelledAt: this.now(), updatedBy: who(actor) } },
      { returnDocument: 'after' },
    ).lean<Notice>();
    return noticeView(await this.changed(doc!));
  }

  /** Deletes a draft (a published notice is cancelled instead, so its record stays). */
  async remove(actor: Actor, id: string) {
    const before = await this.load(actor, id);
    this.assertWritable(actor, before);
    if (before.state !== 'draft')
      throw new ConflictError('announcement_not_editable', { state: before.state });
    await Announcement.deleteOne({ _id: before._id });
    return { id, deleted: true as const };
  }

  /** Published notices not yet over that concern one of these units (the chat's answers). */
  async activeFor(communityId: string, unitIds: string[], now = this.now()): Promise<Notice[]> {
    if (!unitIds.length) return [];
    const [units, notices] = await Promise.all([
      Unit.find(
        { _id: { $in: unitIds.map((u) => new Types.ObjectId(u)) } },
        { zoneId: 1, building: 1 },
      ).lean(),
      Announcement.find({
        communityId: new Types.ObjectId(communityId),
        state: 'published',
        endsAt: { $gt: now },
      })
        .sort({ startsAt: 1 })
        .lean<Notice[]>(),
    ]);
    return notices.filter((n) => units.some((u) => covers(n, u)));
  }
}
