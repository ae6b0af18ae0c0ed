import { DateTime } from 'luxon';
import { formatWindow } from '../../chat/format.js';
import type { Ticket } from '../../services/ticket-service.js';
import { remind, type JobContext } from '../context.js';
import type { TicketJob } from '../ticket-job.js';

interface Slot {
  at: Date;
  to: 'assignee' | 'reporter';
  message: string;
}

/**
 * The reminders of an appointment, in time order: the owner the evening before and an hour
 * before; the assignee 30 and 5 minutes before (all configurable). Slots already past when the
 * ticket was made are left out, so the list is the same every time it is computed.
 */
export function appointmentSlots(t: Ticket, ctx: JobContext): Slot[] {
  const from = t.appointment?.from;
  if (!from) return [];
  const s = ctx.config.scheduler;
  const evening = DateTime.fromJSDate(from)
    .setZone(ctx.config.timezone)
    .minus({ days: 1 })
    .startOf('day')
    .plus({ minutes: s.ownerEveningReminderAt })
    .toJSDate();
  const slots: Slot[] = [
    { at: evening, to: 'reporter', message: 'appointment_owner_tomorrow' },
    {
      at: new Date(from.getTime() - s.ownerReminderBefore),
      to: 'reporter',
      message: 'appointment_owner_soon',
    },
    ...s.workerRemindersBefore.map((ms) => ({
      at: new Date(from.getTime() - ms),
      to: 'assignee' as const,
      message: 'appointment_worker',
    })),
  ];
  return slots
    .filter((x) => x.at > t.createdAt && x.at < from)
    .sort((a, b) => a.at.getTime() - b.at.getTime());
}

export const appointmentReminders: TicketJob = {
  name: 'ticket.appointment-reminder',
  due(t, ctx) {
    if (!['received', 'dispatched', 'accepted'].includes(t.state)) return null;
    return appointmentSlots(t, ctx)[0]?.at ?? null;
  },
  async run(t, step, ctx) {
    const slots = appointmentSlots(t, ctx);
    const slot = slots[step];
    if (slot && !(slot.to === 'assignee' && !t.assigneeId)) {
      const minutesLeft = Math.max(
        0,
        Math.round((t.appointment!.from!.getTime() - ctx.now().getTime()) / 60_000),
      );
      const { from, to } = t.appointment!;
      await remind(ctx, t, {
        message: slot.message,
        // the window as agreed ("12月4日 14:00-16:00", "14:00以后"), in each reader's wording
        params: (tr) => ({ time: formatWindow(tr, from!, to, ctx.config.timezone), minutes: minutesLeft }),
        to: [slot.to],
        occurrence: `appointment:${t._id}:${slot.at.toISOString()}`,
      });
    }
    return slots[step + 1]?.at ?? null;
  },
};
