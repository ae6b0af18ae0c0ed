import type { Config } from '../config/schema.js';
import { ChatIdentity, Person, Room, Unit } from '../data/models/index.js';
import { RESIDENT_ROLES } from '../domain/roles.js';
import { translator, type TFunction } from '../i18n.js';
import type { Notifier } from '../notify/notification.js';
import { queueChatMessage } from '../notify/outbox.js';
import { afterQuietHours } from '../notify/quiet-hours.js';
import { formatWindow } from '../chat/format.js';
import { platformFor } from '../chat/platform.js';
import { inScriptOf } from '../chat/text/script.js';
import { maskForGroup } from '../chat/text/unit-address.js';
import { unitFilter } from './audience.js';
import type { AnnouncementDoc } from './model.js';

export interface DeliveryDeps {
  config: Config;
  notifier: Notifier;
  now: Date;
}

/** The notice's window as chat reads it: the one chat formatter (src/chat/format.ts). */
export const windowText = (a: Pick<AnnouncementDoc, 'startsAt' | 'endsAt'>, t: TFunction, tz: string) =>
  formatWindow(t, a.startsAt, a.endsAt, tz);

/**
 * The notice as owners read it, in the reader's language; the title and body as the property
 * wrote them, in traditional script for a zh-TW reader.
 */
export function noticeText(
  a: Pick<AnnouncementDoc, 'type' | 'title' | 'body' | 'startsAt' | 'endsAt'>,
  language: string,
  tz: string,
  kind: 'publish' | 'reminder',
): string {
  const t = translator(language);
  return t(`announcements.message.${kind}`, {
    type: t(`announcements.type.${a.type}`),
    title: inScriptOf(language, a.title),
    body: inScriptOf(language, a.body),
    window: windowText(a, t, tz),
  });
}

/**
 * Sends a notice (on publishing, or as the reminder before its window): to the registered owners'
 * groups of its zones, and privately to each affected resident with a chat contact when the
 * notice says so. Everything goes through the outbox: group rows wait out quiet hours like
 * owners' messages, and the sender keeps the rate policy. Keys per notice and kind make a repeated
 * run queue nothing twice. Returns the rows queued.
 */
export async function deliverNotice(
  a: AnnouncementDoc,
  kind: 'publish' | 'reminder',
  deps: DeliveryDeps,
): Promise<{ groups: number; owners: number }> {
  const { config, now } = deps;
  const tz = config.timezone;
  const reason = `announcement_${kind}`;
  const sendAfter = afterQuietHours(now, config.notify.quietStart, config.notify.quietEnd, tz);
  const { rooms, people } = await recipientsOf(a, config);
  let groups = 0;
  for (const room of rooms) {
    const queued = await queueChatMessage({
      key: `${reason}:${a._id}:${room._id}`,
      roomId: room.platformRoomId,
      text: maskForGroup(noticeText(a, config.defaultLanguage, tz, kind)),
      audience: 'owner',
      reason,
      sendAfter,
    });
    if (queued) groups++;
  }
  let owners = 0;
  for (const p of people) {
    await deps.notifier.notify({
      personId: String(p._id),
      audience: 'owner',
      text: noticeText(a, p.language ?? config.defaultLanguage, tz, kind),
      reason,
      dedupeKey: `${reason}:${a._id}:${p._id}`,
    });
    owners++;
  }
  return { groups, owners };
}

type Recipients = Pick<AnnouncementDoc, 'communityId' | 'zoneIds' | 'scope' | 'buildings' | 'unitIds'> & {
  notifyOwners?: boolean | null;
};

/**
 * Who a notice reaches: the registered owners' groups of its zones, the units it concerns, and
 * (when it tells owners privately) the residents of those units with a chat contact. The one
 * answer both the delivery and the chat's preview ("发通知 …": how many it reaches) read.
 */
export async function recipientsOf(a: Recipients, config: Config) {
  const platform = platformFor(config.bot.puppet);
  const rooms = await Room.find({
    platform,
    communityId: a.communityId,
    purpose: 'owners',
    active: true,
    zoneId: { $in: a.zoneIds },
  }).lean();
  const units = await Unit.find(unitFilter(a.communityId, a), { _id: 1 }).lean();
  if (!a.notifyOwners) return { rooms, units: units.length, people: [] };
  const residents = await Person.find(
    {
      communityId: a.communityId,
      active: true,
      roles: { $in: RESIDENT_ROLES },
      'units.unitId': { $in: units.map((u) => u._id) },
    },
    { language: 1 },
  ).lean();
  // only people with a chat contact can be told privately (the others read the group)
  const bound = await ChatIdentity.find(
    { platform, personId: { $in: residents.map((p) => p._id) } },
    { personId: 1 },
  ).lean();
  const reachable = new Set(bound.map((b) => String(b.personId)));
  return { rooms, units: units.length, people: residents.filter((x) => reachable.has(String(x._id))) };
}
