import type { ChatContext } from '../src/chat/context.js';
import { withoutNulls, type FlowPhoto } from '../src/chat/flow-engine.js';
import type { CreateTicketInput } from '../src/services/schemas.js';
import type { Ticket } from '../src/services/ticket-service.js';

/**
 * Creates a flow's ticket once: the source key makes a repeat return the same ticket. The photos
 * sent during the flow (already stored) are on it from the start.
 */
export async function createFromFlow(
  ctx: ChatContext,
  sourceKey: string,
  photos: FlowPhoto[],
  input: CreateTicketInput,
): Promise<Ticket> {
  return ctx.services.tickets.create(ctx.actor!, withoutNulls({ ...input, sourceKey }), { photos });
}
