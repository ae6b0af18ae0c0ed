import type { ChatContext } from '../src/chat/context.js';
import { maskForGroup } from '../src/chat/text/unit-address.js';
import { queueChatMessage } from '../src/notify/outbox.js';
import { withoutNulls, type FlowData } from '../src/chat/flow-engine.js';
import type { CreateTicketInput } from '../src/services/schemas.js';
import type { Ticket } from '../src/services/ticket-service.js';
import { translator } from '../src/i18n.js';

/**
 * Creates a flow's ticket once: the source key makes a repeat return the same ticket. The photos
 * sent during the flow (already stored) are on it from the start. A flow begun in an owners'
 * group and continued privately acknowledges the ticket in that group.
 */
export async function createFromFlow(
  ctx: ChatContext,
  sourceKey: string,
  d: FlowData,
  input: CreateTicketInput,
  /** Who registers it: the speaker, or the bot on a guest's behalf (src/chat/guest-reports.ts). */
  actor = ctx.actor!,
): Promise<Ticket> {
  const ticket = await ctx.services.tickets.create(actor, withoutNulls({ ...input, sourceKey }), {
    photos: d.photos ?? [],
  });
  await groupAck(ctx, d, ticket);
  return ticket;
}

/**
 * A report begun in an owners' group and finished privately is acknowledged in that group too:
 * the owner @mentioned with the number, nothing private (phones and rooms masked), so neighbours
 * see it was taken up. Once per ticket.
 */
async function groupAck(
  ctx: ChatContext,
  d: FlowData,
  ticket: Pick<Ticket, '_id' | 'number'>,
): Promise<void> {
  const room = typeof d.__room === 'string' ? d.__room : undefined;
  if (!room || room === ctx.msg.roomId) return;
  await queueChatMessage({
    key: `groupack:${String(ticket._id)}`,
    roomId: room,
    mentions: [{ contactId: ctx.msg.talkerId, name: ctx.msg.talkerName }],
    // read by the whole group: in the community's language, not the one this owner reads privately
    text: maskForGroup(
      translator(ctx.services.config.defaultLanguage)('chat.group_ack', { number: ticket.number }),
    ),
    audience: 'owner',
    reason: 'reply',
    ticketNumber: ticket.number,
  });
}
