import type { WorkingCalendar } from '../calendar/working-calendar.js';
import type { Config } from '../config/schema.js';
import { translator, type TFunction } from '../i18n.js';
import type { Logger } from '../log.js';
import type { Notifier } from '../notify/notification.js';
import { recipientsFor, type Recipient, type RecipientRole } from '../notify/recipients.js';
import type { Ticket, TicketService } from '../services/ticket-service.js';
import { unitLabel, Unit } from '../data/models/index.js';
import { cachedRead } from '../data/directory-cache.js';

/** What every job gets: settings, clock, the ticket service and one way to tell people. */
export interface JobContext {
  config: Config;
  calendar: WorkingCalendar;
  log: Logger;
  tickets: TicketService;
  notifier: Notifier;
  now(): Date;
}

export interface Reminder {
  /** i18n key under `notify.` */
  message: string;
  /** Values for the message; a function when they are worded in each reader's language. */
  params?: Record<string, unknown> | ((t: TFunction) => Record<string, unknown>);
  to: RecipientRole[];
  /** Part of the dedupe key: the job occurrence this reminder belongs to. */
  occurrence: string;
}

/** Sends one translated staff message to each person, deduplicated per person under `key`. */
export async function notifyEach(
  ctx: JobContext,
  people: Recipient[],
  reason: string,
  key: string,
  text: (t: TFunction) => string,
): Promise<number> {
  for (const p of people) {
    await ctx.notifier.notify({
      personId: p.personId,
      audience: 'staff',
      text: text(translator(p.language)),
      reason,
      dedupeKey: `${key}:${p.personId}`,
    });
  }
  return people.length;
}

/** Where a ticket is, in words: the unit ("3栋2单元1201") or the public place. */
export async function placeOf(t: Ticket): Promise<string> {
  if (t.unitId) {
    const unitId = t.unitId;
    const unit = await cachedRead('units', String(unitId), () => Unit.findById(unitId).lean());
    if (unit) return unitLabel(unit);
  }
  return t.location ?? '';
}

/**
 * Tells everyone holding the roles `to` about the ticket, each in their language, and records on
 * the ticket's timeline who was told, when and why. Returns the names told.
 */
export async function remind(ctx: JobContext, ticket: Ticket, r: Reminder): Promise<string[]> {
  const place = await placeOf(ticket);
  const people = new Map<string, Recipient>();
  for (const role of r.to)
    for (const person of await recipientsFor(ticket, role))
      if (!people.has(person.personId)) people.set(person.personId, person);
  const told = [...people.values()].map((person) => person.name);
  // queued together (their rows go in one insert), in the order of `to`
  await Promise.all(
    [...people.values()].map((person) => {
      const t = translator(person.language);
      const text = t(`notify.${r.message}`, {
        number: ticket.number,
        place,
        summary: ticket.description.slice(0, 60),
        kind: t(`ticket.kind.${ticket.kind}`),
        state: t(`ticket.state.${ticket.state}`),
        assignee: ticket.assigneeName ?? t('notify.nobody'),
        ...(typeof r.params === 'function' ? r.params(t) : r.params),
      });
      return ctx.notifier.notify({
        personId: person.personId,
        audience: person.audience,
        text,
        ticketNumber: ticket.number,
        reason: r.message,
        dedupeKey: `${r.occurrence}:${person.personId}`,
      });
    }),
  );
  await ctx.tickets.recordReminder(
    ticket,
    `${r.occurrence}:${r.message}`,
    { reminder: r.message, to: told },
    told.join('、'),
  );
  return told;
}
