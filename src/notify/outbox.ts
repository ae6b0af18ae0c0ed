import { Schema, model, type InferSchemaType } from 'mongoose';
import { isDuplicateKey } from '../data/errors.js';
import { BatchWriter, outsideBatchWindow } from '../data/batch.js';
import type { Logger } from '../log.js';
import type { Notification, Notifier } from './notification.js';
import { afterQuietHours } from './quiet-hours.js';
import { currentCause } from './cause.js';
import { outboxEvents } from '../data/models/outbox-queue.js';
import { tidyPunctuation } from '../chat/text/punctuation.js';

/**
 * Every notification, persisted before it is sent. The chat bot's outbound queue sends rows
 * whose `sendAfter` has come and marks them sent; a restart sends nothing twice. The unique
 * `_id` (the notification's dedupe key) makes a repeated notification a no-op.
 */
const outboxSchema = new Schema(
  {
    _id: { type: String, required: true },
    /** A person (sent to their bound chat contact), or a chat: a contact or a room. */
    personId: { type: Schema.Types.ObjectId, ref: 'Person' },
    contactId: String,
    roomId: String,
    /** Contacts @mentioned in a room message, with their names for logs and the simulator. */
    mentions: { type: [String], default: [] },
    mentionNames: { type: [String], default: [] },
    audience: { type: String, enum: ['owner', 'staff'], required: true },
    text: { type: String, required: true },
    ticketNumber: String,
    reason: { type: String, required: true },
    /** The inbound message that caused this one (the simulator collects replies by it). */
    causeId: { type: String, index: true },
    /** Send order: queue time in microseconds plus a per-process counter. */
    order: { type: Number, required: true, default: () => nextOrder() },
    sendAfter: { type: Date, required: true },
    status: {
      type: String,
      // superseded: a held owner notice whose question the ticket no longer waits for (not sent)
      enum: ['pending', 'sending', 'sent', 'failed', 'unknown', 'superseded'],
      default: 'pending',
    },
    sentAt: Date,
    attempts: { type: Number, default: 0 },
    lastError: String,
  },
  { timestamps: true },
);
outboxSchema.index({ status: 1, sendAfter: 1, order: 1 });
outboxSchema.index({ personId: 1, createdAt: -1 });
outboxSchema.index({ sentAt: 1 });

const rowInserts = new BatchWriter(() => Outbox.collection);

let lastOrder = 0;
/** Strictly increasing within a process; across processes, queue time decides. */
export function nextOrder(): number {
  lastOrder = Math.max(lastOrder + 1, Date.now() * 1000);
  return lastOrder;
}

export type OutboxDoc = InferSchemaType<typeof outboxSchema>;
export const Outbox = model('Outbox', outboxSchema);
/**
 * Done rows (sent, failed, unknown, superseded) past `retention.outboxWorking`, moved out of the
 * working outbox by the daily retention (src/data/retention.ts) and kept for `retention.outbox`.
 * Nothing updates them: on FerretDB v1 an update reads through its whole table, and the sender's
 * marks of the working outbox now read through a day or two of rows instead of three months.
 */
export const OutboxHistory = model('OutboxHistory', outboxSchema.clone(), 'outboxhistory');

export interface ChatMessageInput {
  /** Same key, same message: queuing it again does nothing (a redelivered message adds nothing). */
  key: string;
  contactId?: string;
  roomId?: string;
  personId?: string;
  mentions?: Array<{ contactId: string; name: string }>;
  text: string;
  audience: 'owner' | 'staff';
  reason: string;
  ticketNumber?: string;
  sendAfter?: Date;
}

/**
 * Queues a message for the outbound sender: a reply, a group notice, or a notification to a
 * person. The only writer of outbox rows.
 */
export async function queueChatMessage(m: ChatMessageInput): Promise<boolean> {
  try {
    // validated and defaulted by the model, then inserted together with the rows queued at the
    // same moment (concurrent replies, a job's notices): one command for all of them
    const now = new Date();
    const row = new Outbox({
      _id: m.key,
      contactId: m.contactId,
      roomId: m.roomId,
      personId: m.personId,
      mentions: (m.mentions ?? []).map((x) => x.contactId),
      mentionNames: (m.mentions ?? []).map((x) => x.name),
      audience: m.audience,
      // one place for every chat text: a quoted text's own end mark is not doubled
      text: tidyPunctuation(m.text),
      reason: m.reason,
      ticketNumber: m.ticketNumber,
      causeId: currentCause(),
      sendAfter: m.sendAfter ?? now,
      createdAt: now,
      updatedAt: now,
    });
    await row.validate();
    const doc = row.toObject();
    await rowInserts.insert(doc);
    // the sender in this process takes it at once (not in a job's batch window: data/batch.ts)
    outsideBatchWindow(() => outboxEvents.emit('queued', doc));
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

export interface OutboxSettings {
  quietStart: number;
  quietEnd: number;
  timezone: string;
}

export class OutboxNotifier implements Notifier {
  constructor(
    private readonly settings: OutboxSettings,
    private readonly log: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async notify(n: Notification): Promise<void> {
    const now = this.clock();
    const sendAfter =
      n.audience === 'owner' && !n.immediate
        ? afterQuietHours(now, this.settings.quietStart, this.settings.quietEnd, this.settings.timezone)
        : now;
    const queued = await queueChatMessage({
      key: n.dedupeKey,
      personId: n.personId,
      audience: n.audience,
      text: n.text,
      ticketNumber: n.ticketNumber,
      reason: n.reason,
      sendAfter,
    });
    if (queued)
      this.log.info(
        { personId: n.personId, reason: n.reason, ticket: n.ticketNumber, held: sendAfter > now },
        'notification queued',
      );
  }
}
