import type { Services } from '../app.js';
import { ChatIdentity, Room } from '../data/models/index.js';
import { translator } from '../i18n.js';
import { recipientsFor, type RecipientRole } from '../notify/recipients.js';
import type { Ticket } from '../services/ticket-service.js';
import { placeOf } from '../scheduler/context.js';
import { queueChatMessage } from '../notify/outbox.js';
import { maskForGroup } from './text/unit-address.js';
import { formatWhen } from './format.js';

/**
 * What people hear when a ticket moves, whoever moved it (chat, console, a job):
 * the assignee and the department group on dispatch (or the group alone to grab), the owner on
 * acceptance, quote and completion (asked to rate), the zone manager on rework, the
 * customer-service supervisor on a new complaint. Keys are per ticket version, so nothing is
 * told twice.
 */
export function ticketNotices(services: Services, platform: string) {
  const { notifier, config } = services;
  const fmt = (d?: Date | null) => formatWhen(translator(undefined), d, config.timezone);

  const tell = async (t: Ticket, role: RecipientRole, key: string, params: Record<string, unknown>) => {
    for (const r of await recipientsFor(t, role)) {
      await notifier.notify({
        personId: r.personId,
        audience: r.audience,
        text: translator(r.language)(key, params),
        ticketNumber: t.number,
        reason: key,
        dedupeKey: `${key}:${t._id}:${t.version}:${r.personId}`,
      });
    }
  };

  const departmentGroup = async (
    t: Ticket,
    key: string,
    params: Record<string, unknown>,
    mention?: string,
  ) => {
    const room = await Room.findOne({
      platform,
      communityId: t.communityId,
      purpose: 'department',
      department: t.department,
      active: true,
    }).lean();
    if (!room) return;
    const identity = mention
      ? await ChatIdentity.findOne({ platform, personId: mention }).sort({ lastSeenAt: -1 }).lean()
      : undefined;
    await queueChatMessage({
      key: `group:${key}:${t._id}:${t.version}`,
      roomId: room.platformRoomId,
      mentions: identity ? [{ contactId: identity.contactId, name: identity.displayName }] : [],
      text: maskForGroup(translator(undefined)(key, params)),
      audience: 'staff',
      reason: key,
      ticketNumber: t.number,
    });
  };

  return async (t: Ticket, before: Ticket | null): Promise<void> => {
    const moved = !before || before.state !== t.state;
    const params = {
      number: t.number,
      place: await placeOf(t),
      summary: t.description.slice(0, 60),
      photos: t.photos?.length ? translator(undefined)('notice.photos', { count: t.photos.length }) : '',
      worker: t.assigneeName ?? '',
      acceptBy: fmt(t.sla?.acceptBy),
      arriveBy: fmt(t.sla?.arriveBy ?? t.appointment?.from),
      amount: t.quote?.amount ?? '',
      score: t.rating?.score ?? '',
    };
    if (!before && t.kind === 'complaint') await tell(t, 'cs_supervisor', 'notice.complaint_new', params);
    const reassigned =
      t.state === 'dispatched' && String(before?.assigneeId ?? '') !== String(t.assigneeId ?? '');
    if (t.state === 'dispatched' && (moved || reassigned)) {
      if (t.assigneeId) {
        await tell(t, 'assignee', 'notice.dispatched', params);
        await departmentGroup(t, 'notice.dispatched_group', params, String(t.assigneeId));
      } else {
        await departmentGroup(t, 'notice.grab', params);
      }
    }
    if (!moved) return;
    if (t.reworkCount > (before?.reworkCount ?? 0)) await tell(t, 'zone_manager', 'notice.rework', params);
    switch (t.state) {
      case 'accepted':
        await tell(t, 'reporter', 'notice.accepted', params);
        if (before?.assigneeId == null) await departmentGroup(t, 'notice.grabbed', params);
        break;
      case 'awaiting_quote':
        await tell(t, 'dept_supervisor', 'notice.quote_needed', params);
        break;
      case 'quoted':
        await tell(t, 'reporter', 'notice.quoted', params);
        break;
      case 'completed':
        await tell(t, 'reporter', 'notice.rate_please', params);
        break;
      default:
        break;
    }
  };
}
