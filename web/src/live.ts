import { onMounted, onUnmounted } from 'vue';
import { ANY_CONSOLE_ROLE, can, session } from './session';

type Listener = () => void;
const listeners = new Set<Listener>();
let source: EventSource | undefined;
let poll: ReturnType<typeof setInterval> | undefined;

const notify = () => listeners.forEach((l) => l());

/**
 * Server-sent `ticket` events; the browser reconnects by itself and the pages poll meanwhile.
 * Finance sees no tickets: no stream (the server refuses it anyway).
 */
export function startLiveUpdates(): void {
  stopLiveUpdates();
  if (!can(ANY_CONSOLE_ROLE)) return;
  source = new EventSource('/api/v1/events');
  source.addEventListener('ticket', notify);
  source.onerror = () => {
    clearInterval(poll);
    poll = setInterval(notify, session.me?.pollEvery ?? 15_000);
  };
  source.onopen = () => clearInterval(poll);
}

export function stopLiveUpdates(): void {
  source?.close();
  source = undefined;
  clearInterval(poll);
}

/** Re-runs `refresh` (debounced) while the component is shown, whenever a visible ticket changes. */
export function useLiveRefresh(refresh: () => unknown): void {
  let pending: ReturnType<typeof setTimeout> | undefined;
  const listener = () => {
    clearTimeout(pending);
    pending = setTimeout(refresh, 300);
  };
  onMounted(() => listeners.add(listener));
  onUnmounted(() => {
    clearTimeout(pending);
    listeners.delete(listener);
  });
}
