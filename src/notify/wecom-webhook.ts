import type { Logger } from '../log.js';
import type { Notification, Notifier } from './notification.js';

/**
 * WeCom group robot (企业微信群机器人): posts a markdown message to the configured webhook, for
 * staff groups that live in WeCom. Retries with exponential backoff; a message that still fails
 * is logged at error level and the error thrown, so the caller (a job) fails and is retried.
 */
export class WecomWebhookNotifier implements Notifier {
  constructor(
    private readonly url: string,
    private readonly log: Logger,
    private readonly retries = 3,
    private readonly retryDelayMs = 1000,
  ) {}

  async notify(n: Notification): Promise<void> {
    if (n.audience !== 'staff') return; // owners are never messaged through a staff group
    const body = JSON.stringify({ msgtype: 'markdown', markdown: { content: n.text } });
    let lastError = '';
    for (let attempt = 0; attempt <= this.retries; attempt++) {
      if (attempt) await new Promise((r) => setTimeout(r, this.retryDelayMs * 2 ** (attempt - 1)));
      try {
        const res = await fetch(this.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(10_000),
        });
        const reply = (await res.json().catch(() => ({}))) as { errcode?: number; errmsg?: string };
        if (res.ok && (reply.errcode ?? 0) === 0) {
          this.log.info({ reason: n.reason, ticket: n.ticketNumber, attempt }, 'wecom webhook sent');
          return;
        }
        lastError = `HTTP ${res.status} errcode ${reply.errcode ?? '?'} ${reply.errmsg ?? ''}`.trim();
      } catch (err) {
        lastError = (err as Error).message;
      }
      this.log.warn({ reason: n.reason, attempt, error: lastError }, 'wecom webhook failed');
    }
    this.log.error({ reason: n.reason, ticket: n.ticketNumber, error: lastError }, 'wecom webhook gave up');
    throw new Error(`WeCom webhook failed after ${this.retries + 1} attempts: ${lastError}`);
  }
}

/**
 * The chat outbox first, then the WeCom robot beside it, never in its way: the outbox row is
 * written before this returns; the webhook posts in the background with its own retries, and its
 * failure is logged, never thrown, so a WeCom outage neither delays nor loses a chat notice.
 * `fallback` mode posts to WeCom only while the chat bot cannot send (logged out or failing).
 */
export class ChannelsNotifier implements Notifier {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly chat: Notifier,
    private readonly wecom: Notifier,
    private readonly mode: 'always' | 'fallback',
    private readonly chatReady: () => boolean,
    private readonly log: Logger,
  ) {}

  async notify(n: Notification): Promise<void> {
    await this.chat.notify(n);
    if (n.audience !== 'staff' || (this.mode === 'fallback' && this.chatReady())) return;
    const sent = this.wecom
      .notify(n)
      .catch((err: unknown) =>
        this.log.error({ err, reason: n.reason, ticket: n.ticketNumber }, 'wecom notice not delivered'),
      )
      .finally(() => this.inFlight.delete(sent));
    this.inFlight.add(sent);
  }

  /** Resolves when every webhook post started so far has ended (for shutdown and tests). */
  async drain(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }
}
