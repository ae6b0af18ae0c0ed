import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The inbound chat message being handled, carried through every await, so each message the desk
 * queues (a reply, a dispatch notice to staff) records what caused it.
 */
const storage = new AsyncLocalStorage<string>();

export function withCause<T>(causeId: string, fn: () => Promise<T>): Promise<T> {
  return storage.run(causeId, fn);
}

export function currentCause(): string | undefined {
  return storage.getStore();
}
