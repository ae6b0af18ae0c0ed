/** A message for a person (or a group) produced by the desk: reminders, escalations, digests. */
export interface Notification {
  personId: string;
  /** Owners' messages wait out quiet hours; staff messages go at once. */
  audience: 'owner' | 'staff';
  text: string;
  ticketNumber?: string;
  /** Why it is sent (the job or event), for logs and the outbox. */
  reason: string;
  /** Goes at once even in quiet hours (an owner awaiting news of an urgent or fresh report). */
  immediate?: boolean;
  /** Same key, same notification: a second send with it is ignored. */
  dedupeKey: string;
}

/** Delivery channel. The chat bot drains the outbox; the WeCom webhook posts to a staff group. */
export interface Notifier {
  notify(n: Notification): Promise<void>;
}
