import { Person } from '../../data/models/index.js';
import { readCurrentFees } from '../../fees/ledger.js';
import { FeeRecord, type FeeRecordDoc } from '../../fees/model.js';
import { translator } from '../../i18n.js';
import type { JobContext } from '../context.js';

const yuan = (x: number) => x.toFixed(2);

/**
 * At `fees.remindAt` every day: each unit with fees in arrears whose last reminder is at least
 * `fees.reminderEvery` old (and fewer than `fees.maxReminders` sent) gets one polite private
 * message to each owner, listing what is open. Owners' messages wait out quiet hours and go at the
 * outbox's pace; a record paid in full has no arrears and is never reminded again. The dedupe key
 * names the records and their reminder counts, so a run repeated before it recorded its reminders
 * queues nothing twice.
 */
export async function sendFeeReminders(ctx: JobContext): Promise<{ units: number; messages: number }> {
  const now = ctx.now();
  const { reminderEvery, maxReminders } = ctx.config.fees;
  const open = await readCurrentFees<FeeRecordDoc>(
    { arrears: { $gt: 0 }, remindersSent: { $lt: maxReminders } },
    { sort: { period: 1 } },
  );
  const due = open.filter(
    (r) => !r.lastRemindedAt || r.lastRemindedAt.getTime() + reminderEvery <= now.getTime(),
  );
  const byUnit = new Map<string, FeeRecordDoc[]>();
  for (const r of due) byUnit.set(String(r.unitId), [...(byUnit.get(String(r.unitId)) ?? []), r]);
  let messages = 0;
  // every resident of those units in one read (one scan on FerretDB, not one per unit)
  const people = byUnit.size
    ? await Person.find(
        { active: true, 'units.unitId': { $in: [...byUnit.values()].map((rs) => rs[0]!.unitId) } },
        { language: 1, units: 1 },
      ).lean()
    : [];
  for (const [unitId, records] of byUnit) {
    // owners only (not tenants or family): the fee is the owner's
    const owners = people.filter((p) =>
      p.units.some((u) => String(u.unitId) === unitId && u.relation === 'owner'),
    );
    const total = records.reduce((s, r) => s + r.arrears, 0);
    const state = records
      .map((r) => `${r.period}#${r.remindersSent ?? 0}@${r.lastRemindedAt?.getTime() ?? 0}`)
      .join(',');
    for (const p of owners) {
      const t = translator(p.language ?? undefined);
      await ctx.notifier.notify({
        personId: String(p._id),
        audience: 'owner',
        text: t('fees.reminder', {
          unit: records[0]!.unitLabel,
          items: records
            .map((r) => t('fees.reminder_item', { period: r.period, amount: yuan(r.arrears) }))
            .join('、'),
          total: yuan(total),
        }),
        reason: 'fee_reminder',
        dedupeKey: `fee_reminder:${unitId}:${state}:${p._id}`,
      });
      messages++;
    }
    // one write per record by its bare `_id` (FerretDB runs only that filter in SQL; `$in` scans)
    await FeeRecord.bulkWrite(
      records.map((r) => ({
        updateOne: {
          filter: { _id: r._id },
          update: { $inc: { remindersSent: 1 }, $set: { lastRemindedAt: now } },
        },
      })),
      { ordered: false },
    );
  }
  ctx.log.info({ units: byUnit.size, messages }, 'fee reminders queued');
  return { units: byUnit.size, messages };
}
