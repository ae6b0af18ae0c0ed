/**
 * What a query of the `tickets` collection waits for first: the ticket changes this process has
 * made but not yet written there (src/data/ticket-store.ts writes them behind the open copy). A
 * module of its own so that the model can wait on it without importing the store.
 */
let barrier: (() => Promise<void>) | undefined;

export function setTicketReadBarrier(wait: (() => Promise<void>) | undefined): void {
  barrier = wait;
}

export async function ticketReadBarrier(): Promise<void> {
  if (barrier) await barrier();
}
