import { Types } from 'mongoose';
import type { Services } from '../app.js';
import { Person, Room, Zone } from '../data/models/index.js';
import { escalationRoles } from '../domain/service-rules.js';
import { translator, type TFunction } from '../i18n.js';
import { Outbox, queueChatMessage } from '../notify/outbox.js';
import { afterQuietHours } from '../notify/quiet-hours.js';
import { recipientsFor, type Recipient, type RecipientRole } from '../notify/recipients.js';
import { placeOf } from '../scheduler/context.js';
import type { Ticket } from '../services/ticket-service.js';
import { eventDef, type Audience, type Happened, type NoticeSpec } from '../ticket-events/index.js';
import { formatWhen, formatWindow } from './format.js';
import { maskForGroup } from './text/unit-address.js';
import { cachedRead } from '../data/directory-cache.js';
import { latestIdentityOf } from './identity.js';
import { dangerous } from '../ticket-events/danger.js';
import { guestOrigin } from './guest-reports.js';

/** Audiences that are people (the others are chat groups). */
type PersonAudience = Exclude<Audience, 'department_group' | 'reporting_group'>;

/**
 * Tells people what happened to a ticket, as the event's catalogue entry declares (`notices`):
 * each reader in their own language, owners without clock promises while their message waits out
 * quiet hours, the department's group with the assignee @mentioned and phones and rooms masked.
 * The actor is not told of their own act. Keys are per ticket event and reader, so a replay after
 * a crash tells nobody twice.
 */
export function ticketNotices(services: Services, platform: string) {
  const { notifier, config } = services;

  const people = async (h: Happened, to: PersonAudience): Promise<Recipient[]> => {
    const t = h.ticket;
    if (to === 'previous_assignee' || to === 'praised') {
      const id = to === 'praised' ? t.subject?.personId : (h.data?.previousAssigneeId as string | undefined);
      if (!id) return [];
      const p = await cachedRead('people', `active:${String(id)}`, () =>
        Person.findOne({ _id: new Types.ObjectId(String(id)), active: true }).lean(),
      );
      return p
        ? [{ personId: String(p._id), name: p.name, language: p.language ?? undefined, audience: 'staff' }]
        : [];
    }
    if (to === 'linked_reporters' || to === 'unlinked_reporter') {
      const ids =
        to === 'unlinked_reporter'
          ? [h.data?.personId as string | undefined].filter(Boolean)
          : (t.linked ?? []).map((l) => String(l.personId));
      if (!ids.length) return [];
      // one `_id` lookup each (the embedded database pushes only those down), cached like the rest
      const found = await Promise.all(
        ids.map((id) => cachedRead('people', String(id), () => Person.findById(String(id)).lean())),
      );
      return found
        .flatMap((p) => (p?.active ? [p] : []))
        .map((p) => ({
          personId: String(p._id),
          name: p.name,
          language: p.language ?? undefined,
          audience: 'owner' as const,
        }));
    }
    if (to === 'previous_zone_manager') {
      const left = h.data?.previousZoneId as string | null | undefined;
      if (!left) return [];
      // a manager of both zones has the new zone's alert: no second word of the same move
      const now = new Set((await recipientsFor(t, 'zone_manager')).map((r) => r.personId));
      const before = await recipientsFor(
        { ...t, zoneId: new Types.ObjectId(left) } as Ticket,
        'zone_manager',
      );
      return before.filter((r) => !now.has(r.personId));
    }
    if (to === 'escalation_level') {
      const lists = await Promise.all(
        escalationRoles(t.escalationLevel ?? 0).map((r) => recipientsFor(t, r)),
      );
      return lists.flat();
    }
    return recipientsFor(t, to as RecipientRole);
  };

  const params = async (h: Happened, t: TFunction): Promise<Record<string, unknown>> => {
    const k = h.ticket;
    const when = (d?: Date | null) => formatWhen(t, d, config.timezone);
    // the owner's window as the owner was told it: open-ended ("14:00以后") stays open-ended
    const window = k.appointment?.from
      ? formatWindow(t, k.appointment.from, k.appointment.to, config.timezone)
      : when(k.sla?.arriveBy);
    const level = Number(h.data?.level ?? k.escalationLevel ?? 0);
    const said = h.note ? t('notice.said', { text: h.note }) : '';
    const comment = k.rating?.comment ? t('notice.owner_words', { comment: k.rating.comment }) : '';
    return {
      said,
      verdict:
        h.event === 'callback_unsatisfied'
          ? t('notice.verdict_callback', { said })
          : t('notice.verdict_score', { score: k.rating?.score ?? '', comment }),
      number: k.number,
      // a danger (gas, fire, someone trapped or hurt) is marked on the worker's order
      urgent: dangerous(k) ? t('notice.urgent_mark') : '',
      kind: t(`ticket.kind.${k.kind}`),
      place: await placeOf(k),
      // the zone's name ("B区"): where an order moved to
      zone: k.zoneId
        ? ((await cachedRead('zones', String(k.zoneId), () => Zone.findById(k.zoneId).lean()))?.name ?? '')
        : '',
      summary: k.description.slice(0, 60),
      photos: k.photos?.length ? t('notice.photos', { count: k.photos.length }) : '',
      // for the worker's new order: when the owner expects them, and whom to call
      visit:
        (k.appointment?.from ? t('notice.visit_window', { window }) : '') +
        (k.phone ? t('notice.visit_phone', { phone: k.phone }) : ''),
      worker: k.assigneeName ?? '',
      // what the desk said with the dispatch ("派给 老张 业主下午在家") reaches the worker
      dispatchNote: h.event === 'dispatch' && h.note ? t('notice.dispatch_note', { text: h.note }) : '',
      arrivedAt: when(k.arrivedAt),
      previous: (h.data?.previousAssigneeName as string | undefined) ?? '',
      acceptBy: when(k.sla?.acceptBy),
      arriveBy: window,
      // an agreed window is when the visit is; without one the arrival deadline is a limit ("前")
      arrival: k.appointment?.from
        ? t('notice.arrive_in', { window })
        : t('notice.arrive_by', { time: when(k.sla?.arriveBy) }),
      amount: k.quote?.amount ?? h.data?.amount ?? '',
      quoteNote: k.quote?.note ? t('notice.quote_note', { note: k.quote.note }) : '',
      fee: h.data?.fees ?? '',
      // a fee in parts: each part beside the total ("人工费 50 元、材料费 30 元")
      feeLines:
        (k.fees?.length ?? 0) > 1
          ? t('notice.fee_lines', {
              lines: k
                .fees!.map((f) => t('notice.fee_line', { item: f.item, amount: f.amount }))
                .join(t('notice.list_sep')),
            })
          : '',
      item: k.actualItem || t('notice.the_repair'),
      reason: h.note ?? '',
      answer: h.note ?? k.answer ?? '',
      score: h.data?.score ?? k.rating?.score ?? '',
      comment,
      plan: k.complaint?.plan ?? h.note ?? '',
      deadline: when(k.complaint?.planDeadline ?? k.sla?.planBy),
      level: t(`notice.level_${Math.min(level, 2)}`),
      department: k.department ? t(`department.${k.department}`) : '',
      actor: h.actorKind === 'person' ? (h.actorName ?? '') : t('notice.the_desk'),
    };
  };

  /**
   * Owners waiting for news are not kept waiting by quiet hours: an urgent ticket or a call for
   * help, or one reported within notify.awakeAfterReport (the owner was just writing).
   */
  const awake = (k: Ticket, now: Date) =>
    k.urgency === 'urgent' ||
    k.kind === 'help' ||
    now.getTime() - new Date(k.createdAt).getTime() < config.notify.awakeAfterReport;

  const tellPeople = async (h: Happened, n: NoticeSpec) => {
    const seen = new Set<string>();
    const actorToo =
      n.untoldActor && !(await Outbox.exists({ ticketNumber: h.ticket.number, reason: 'reply' }));
    for (const r of await people(h, n.to as PersonAudience)) {
      if (seen.has(r.personId) || (r.personId === h.actorId && !actorToo)) continue;
      seen.add(r.personId);
      const t = translator(r.language);
      const now = new Date();
      const immediate = r.audience === 'owner' && (awake(h.ticket, now) || Boolean(n.awake?.(h)));
      const held =
        r.audience === 'owner' &&
        !immediate &&
        afterQuietHours(now, config.notify.quietStart, config.notify.quietEnd, config.timezone) > now;
      const key = held && n.heldKey ? n.heldKey : n.key;
      await notifier.notify({
        personId: r.personId,
        audience: r.audience,
        text: t(key, await params(h, t)),
        ticketNumber: h.ticket.number,
        reason: n.key,
        dedupeKey: `${n.key}:${h.ticket._id}:${h.seq}:${r.personId}`,
        immediate,
      });
    }
  };

  const tellGroup = async (h: Happened, n: NoticeSpec) => {
    const k: Ticket = h.ticket;
    const roomFilter = {
      platform,
      communityId: k.communityId,
      purpose: 'department' as const,
      department: k.department ?? undefined,
      active: true,
    };
    const room = await cachedRead('rooms', roomFilter, () => Room.findOne(roomFilter).lean());
    if (!room) {
      // No department group to offer the order in: each worker of the department who covers the
      // zone hears of it directly, so an order is never offered to nobody.
      if (!k.assigneeId && k.department) await offerToWorkers(h, n);
      return;
    }
    const identity = k.assigneeId ? await latestIdentityOf(platform, k.assigneeId) : undefined;
    const t = translator(undefined);
    await queueChatMessage({
      key: `group:${n.key}:${k._id}:${h.seq}`,
      roomId: room.platformRoomId,
      mentions: identity ? [{ contactId: identity.contactId, name: identity.displayName }] : [],
      text: maskForGroup(t(n.key, await params(h, t))),
      audience: 'staff',
      reason: n.key,
      ticketNumber: k.number,
    });
  };

  /** The owners' group a member without a binding reported in: told there, @mentioned, masked. */
  const tellReportingGroup = async (h: Happened, n: NoticeSpec) => {
    const k: Ticket = h.ticket;
    const origin = k.reporterId ? undefined : guestOrigin(k.sourceKey, platform);
    if (!origin) return;
    const t = translator(undefined);
    await queueChatMessage({
      key: `reporting-group:${n.key}:${k._id}:${h.seq}`,
      roomId: origin.roomId,
      mentions: [{ contactId: origin.contactId, name: k.reporterName ?? '' }],
      text: maskForGroup(t(n.key, await params(h, t))),
      audience: 'owner',
      reason: n.key,
      ticketNumber: k.number,
    });
  };

  const offerToWorkers = async (h: Happened, n: NoticeSpec) => {
    const k: Ticket = h.ticket;
    const workers = await Person.find(
      { communityId: k.communityId, roles: 'staff', department: k.department, active: true },
      { name: 1, zoneIds: 1, language: 1 },
    ).lean();
    for (const w of workers) {
      const zones = (w.zoneIds ?? []).map(String);
      if (k.zoneId && zones.length && !zones.includes(String(k.zoneId))) continue;
      const t = translator(w.language ?? undefined);
      await notifier.notify({
        personId: String(w._id),
        audience: 'staff',
        text: t(n.key, await params(h, t)),
        ticketNumber: k.number,
        reason: n.key,
        dedupeKey: `${n.key}:${k._id}:${h.seq}:${String(w._id)}`,
      });
    }
  };

  return async (h: Happened): Promise<void> => {
    const errors: unknown[] = [];
    for (const n of eventDef(h.event).notices ?? []) {
      if (n.when && !n.when(h)) continue;
      // one notice failing (a channel down) never keeps the others from going out
      const tell =
        n.to === 'department_group'
          ? tellGroup
          : n.to === 'reporting_group'
            ? tellReportingGroup
            : tellPeople;
      await tell(h, n).catch((err) => errors.push(err));
    }
    if (errors.length) throw errors[0];
  };
}
