import { DateTime } from 'luxon';
import { Community } from '../../data/models/index.js';
import { countTickets, findTickets } from '../../data/ticket-store.js';
import { recipientsFor } from '../../notify/recipients.js';
import { notifyEach, type JobContext } from '../context.js';

/** On `scheduler.monthlySummaryDay`: last month's figures to customer-service supervisors and the director. */
export async function sendMonthlySummaries(
  ctx: JobContext,
  claimOnce: (key: string) => Promise<boolean>,
): Promise<number> {
  const local = DateTime.fromJSDate(ctx.now()).setZone(ctx.config.timezone);
  const from = local.minus({ months: 1 }).startOf('month');
  const to = from.plus({ months: 1 });
  const month = from.toFormat('yyyy-LL');
  let sent = 0;
  for (const community of await Community.find({ active: true }).lean()) {
    if (!(await claimOnce(`monthly:${community._id}:${month}`))) continue;
    const range = { $gte: from.toJSDate(), $lt: to.toJSDate() };
    const since = { since: range.$gte }; // last month: `tickets` alone answers
    const [created, complaints, praise, completed, rated] = await Promise.all([
      countTickets({ communityId: community._id, createdAt: range }, since),
      countTickets({ communityId: community._id, kind: 'complaint', createdAt: range }, since),
      countTickets({ communityId: community._id, kind: 'praise', createdAt: range }, since),
      countTickets({ communityId: community._id, completedAt: range }, since),
      findTickets<{ rating?: { score?: number } }>(
        { communityId: community._id, 'rating.at': range },
        { projection: { rating: 1 }, ...since },
      ),
    ]);
    const satisfied = rated.filter((t) => (t.rating?.score ?? 0) > ctx.config.rating.reworkAtOrBelow).length;
    const satisfaction = rated.length ? `${Math.round((satisfied / rated.length) * 1000) / 10}%` : '—';
    const stub = { communityId: community._id } as never;
    const people = [
      ...(await recipientsFor(stub, 'cs_supervisor')),
      ...(await recipientsFor(stub, 'director')),
    ];
    sent += await notifyEach(ctx, people, 'monthly_summary', `monthly:${community._id}:${month}`, (t) =>
      t('notify.monthly_summary', {
        community: community.name,
        month,
        created,
        completed,
        complaints,
        praise,
        ratings: rated.length,
        satisfaction,
      }),
    );
  }
  return sent;
}
