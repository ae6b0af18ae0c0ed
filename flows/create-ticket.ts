import type { ChatContext } from '../src/chat/context.js';
import type { CreateTicketInput } from '../src/services/schemas.js';
import type { Ticket } from '../src/services/ticket-service.js';

/**
 * Creates a flow's ticket once (the source key makes a repeat return the same ticket), then
 * attaches the photos sent during the flow. A photo that fails is logged; the ticket stands.
 */
export async function createFromFlow(
  ctx: ChatContext,
  sourceKey: string,
  photoIds: string[],
  input: CreateTicketInput,
): Promise<Ticket> {
  const { tickets, photos, log } = ctx.services;
  const ticket = await tickets.create(ctx.actor!, { ...input, sourceKey });
  let attached = ticket.photos?.length ?? 0;
  for (const id of photoIds.slice(attached)) {
    try {
      await tickets.attachPhoto(ctx.actor!, ticket.number, await photos.read(id));
      attached++;
    } catch (err) {
      log.warn({ err, number: ticket.number, photo: id }, 'photo not attached');
    }
  }
  return ticket;
}
