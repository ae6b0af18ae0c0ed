import { OutboxQueue } from '../data/models/outbox-queue.js';
import { findTicketScoped } from '../data/ticket-lookup.js';
import { Outbox } from './outbox.js';

/**
 * Owner notices that ask for an answer in one state of the ticket (rate it, agree to the fee,
 * say whether the complaint's result satisfies): once the ticket has left that state (the owner
 * rated it from 我的报修, answered, or the desk moved on), the question is stale.
 */
const ASKS_IN: Record<string, readonly string[]> = {
  'notice.completed': ['completed'],
  'notice.completed_fee': ['completed'],
  'notice.answered': ['completed'],
  'notice.quoted': ['quoted'],
  'notice.complaint_handled': ['handled'],
};

/** Owner notices of the way to the work (who comes, when, who instead); stale once it is over. */
const ON_THE_WAY = new Set([
  'notice.accepted',
  'notice.transferred_owner',
  'notice.sent_back_owner',
  'notice.quote_pending',
  'notice.arrived_public',
]);
const WORK_OVER = ['completed', 'rated', 'called_back', 'closed', 'cancelled'];

/**
 * A held owner notice that must not go out any more: it asks for an answer the ticket no longer
 * waits for, or tells of the way to work that is already over ("张师傅接单" after the repair was
 * done). Only such notices cost a ticket read (by number, through its index).
 */
export async function isStale(row: { audience: string; reason: string; ticketNumber?: string | null }) {
  const asks = ASKS_IN[row.reason];
  if (row.audience !== 'owner' || !row.ticketNumber || (!asks && !ON_THE_WAY.has(row.reason))) return false;
  const t = await findTicketScoped<{ state: string }>({ number: row.ticketNumber }, {});
  if (!t) return false;
  return asks ? !asks.includes(t.state) : WORK_OVER.includes(t.state);
}

/**
 * An owner who writes to the desk during quiet hours is awake: the notices held for them until
 * the morning go now (the sender drops the stale ones when it takes them). The waiting rows are
 * found in the small queue of the outbound sender, which keeps the person of each owner row.
 */
export async function releaseHeld(personId: string, now: Date): Promise<number> {
  const held = await OutboxQueue.find({ personId, sendAfter: { $gt: now } }, { _id: 1 }).lean();
  if (!held.length) return 0;
  const ids = held.map((h) => h._id);
  await OutboxQueue.updateMany({ _id: { $in: ids } }, { $set: { sendAfter: now } });
  await Outbox.updateMany({ _id: { $in: ids }, status: 'pending' }, { $set: { sendAfter: now } });
  return ids.length;
}
