/**
 * Jest setup: Agenda 6 leaves a timer of half the lock lifetime (a minute here) behind every job it
 * ran (JobProcessor's checkIfJobIsStillAlive waits with an uncleared, ref'd timeout, even after
 * `drain()`), so a test worker that ran jobs could not exit and Jest force-killed it ("A worker
 * process has failed to exit gracefully"). Those timers are unref'd here: they still fire while
 * the worker lives. The service is not affected: it ends with process.exit after draining.
 */
const original = globalThis.setTimeout;
const LONG_MS = 10_000;

function agendaWatchdog(): boolean {
  const stack = new Error().stack ?? '';
  return stack.includes('checkIfJobIsStillAlive');
}

globalThis.setTimeout = Object.assign(
  (handler: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const timer = original(handler, ms, ...args);
    if ((ms ?? 0) >= LONG_MS && agendaWatchdog()) timer.unref();
    return timer;
  },
  original,
) as typeof setTimeout;
