import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of the process (served at GET /metrics). */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const m = {
    registry,
    httpRequests: new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests by method, route and status',
      labelNames: ['method', 'route', 'status'] as const,
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration',
      labelNames: ['method', 'route'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    ticketsCreated: new Counter({
      name: 'tickets_created_total',
      help: 'Tickets created by kind',
      labelNames: ['kind'] as const,
      registers: [registry],
    }),
    ticketTransitions: new Counter({
      name: 'ticket_transitions_total',
      help: 'Ticket transitions by event and target state',
      labelNames: ['event', 'to'] as const,
      registers: [registry],
    }),
    ticketConflicts: new Counter({
      name: 'ticket_transition_conflicts_total',
      help: 'Transitions lost to a concurrent change',
      labelNames: ['event'] as const,
      registers: [registry],
    }),
    chatInbound: new Counter({
      name: 'chat_messages_in_total',
      help: 'Inbound chat messages by outcome (handled, duplicate, stale, ignored, too_long, error; held or refused while the database is down)',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    chatHandling: new Histogram({
      name: 'chat_handling_seconds',
      help: 'Time from an inbound message to its replies being queued',
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    chatOutbound: new Counter({
      name: 'chat_messages_out_total',
      help: 'Outbound chat messages by result (sent, retry, failed, held, undeliverable)',
      labelNames: ['result'] as const,
      registers: [registry],
    }),
    outboxDelay: new Histogram({
      name: 'outbox_queue_delay_seconds',
      help: 'Time from a message being queued in the outbox to being sent (quiet-hours holds included)',
      labelNames: ['audience'] as const,
      buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900],
      registers: [registry],
    }),
    dbUp: new Gauge({ name: 'db_up', help: '1 when the database answers a ping', registers: [registry] }),
  };
  return m;
}

export type Metrics = ReturnType<typeof createMetrics>;
