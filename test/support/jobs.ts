import { createCalendar, type Services } from '../../src/app.js';
import { OutboxNotifier } from '../../src/notify/outbox.js';
import type { JobContext } from '../../src/scheduler/context.js';
import { silentLog } from './fixtures.js';

/**
 * A job's context as the scheduler builds it, on the test's clock `now`: the outbox on the same
 * clock, its quiet hours 00:00–00:01 so nothing is held whatever time the test runs.
 */
export function jobContext(services: Pick<Services, 'config' | 'tickets'>, now: () => Date): JobContext {
  const { config } = services;
  return {
    config,
    calendar: createCalendar(config),
    log: silentLog,
    tickets: services.tickets,
    notifier: new OutboxNotifier({ quietStart: 0, quietEnd: 1, timezone: config.timezone }, silentLog, now),
    now,
  };
}
