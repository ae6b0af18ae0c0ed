import { isDuplicateKey } from '../../data/errors.js';
import { currentCause } from '../../notify/cause.js';
import { Outbox } from '../../notify/outbox.js';

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

/** Queues a chat message (a reply, a group notice) for the outbound sender. */
export async function queueChatMessage(m: ChatMessageInput): Promise<boolean> {
  try {
    await Outbox.create({
      _id: m.key,
      contactId: m.contactId,
      roomId: m.roomId,
      personId: m.personId,
      mentions: (m.mentions ?? []).map((x) => x.contactId),
      mentionNames: (m.mentions ?? []).map((x) => x.name),
      audience: m.audience,
      text: m.text,
      reason: m.reason,
      ticketNumber: m.ticketNumber,
      causeId: currentCause(),
      sendAfter: m.sendAfter ?? new Date(),
    });
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}
