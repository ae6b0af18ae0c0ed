import { DateTime } from 'luxon';
import type { Types } from 'mongoose';
import { OpenTicket, Ticket, Zone } from '../../data/models/index.js';
import { IN_PROGRESS_STATES, OPEN_STATES, type TicketState } from '../../domain/ticket-states.js';
import { isOverdue } from '../../domain/sla.js';
import { recipientsFor } from '../../notify/recipients.js';
import type { Ticket as TicketT } from '../../services/ticket-service.js';
import { notifyEach, type JobContext } from '../context.js';

export interface ZoneDigest {
  zone: string;
  created: number;
  open: number;
  overdue: number;
  ratings: number;
  averageRating: number | null;
  overdueNumbers: string[];
}

/** One zone's day: new, open and overdue items, ratings received (for the 17:30 report). */
export async function zoneDigest(
  zoneId: Types.ObjectId,
  now: Date,
  timezone: string,
): Promise<Omit<ZoneDigest, 'zone'>> {
  const dayStart = DateTime.fromJSDate(now).setZone(timezone).startOf('day').toJSDate();
  const [created, open, rated] = await Promise.all([
    Ticket.countDocuments({ zoneId, createdAt: { $gte: dayStart } }),
    // open work from the open copies, whose size follows it (not the whole history)
    OpenTicket.find({ zoneId, state: { $in: OPEN_STATES } }, { number: 1, sla: 1, state: 1 }).lean<
      TicketT[]
    >(),
    Ticket.find({ zoneId, 'rating.at': { $gte: dayStart } }, { rating: 1 }).lean<TicketT[]>(),
  ]);
  const overdue = open.filter((t) => isOverdue(t.sla, now));
  const scores = rated.map((t) => t.rating?.score ?? 0).filter(Boolean);
  return {
    created,
    // 在办: not yet done, as the desk's list counts it (a ticket awaiting its callback is not)
    open: open.filter((t) => IN_PROGRESS_STATES.includes(t.state as TicketState)).length,
    overdue: overdue.length,
    ratings: scores.length,
    averageRating: scores.length
      ? Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 10) / 10
      : null,
    overdueNumbers: overdue.map((t) => t.number).slice(0, 10),
  };
}

/** At `sla.digestAt` every day: each zone manager gets their zone's digest. */
export async function sendDailyDigests(
  ctx: JobContext,
  claimOnce: (key: string) => Promise<boolean>,
): Promise<number> {
  const now = ctx.now();
  const day = DateTime.fromJSDate(now).setZone(ctx.config.timezone).toISODate();
  let sent = 0;
  for (const zone of await Zone.find({ active: true }).lean()) {
    if (!(await claimOnce(`digest:${zone._id}:${day}`))) continue;
    const d = await zoneDigest(zone._id, now, ctx.config.timezone);
    const managers = await recipientsFor(
      { communityId: zone.communityId, zoneId: zone._id } as never,
      'zone_manager',
    );
    sent += await notifyEach(ctx, managers, 'daily_digest', `digest:${zone._id}:${day}`, (t) =>
      t('notify.daily_digest', {
        zone: zone.name,
        date: day,
        ...d,
        averageRating: d.averageRating ?? '—',
        overdueList: d.overdueNumbers.join('、') || t('notify.none'),
      }),
    );
  }
  ctx.log.info({ sent, day }, 'daily digests sent');
  return sent;
}
