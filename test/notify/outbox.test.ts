import { DateTime } from 'luxon';
import { Types } from 'mongoose';
import { Outbox, OutboxNotifier } from '../../src/notify/outbox.js';
import { useTestDatabase } from '../support/db.js';
import { silentLog } from '../support/fixtures.js';

useTestDatabase();

const tz = 'Asia/Shanghai';
const night = DateTime.fromISO('2026-11-23T22:15', { zone: tz }).toJSDate();
const notifier = new OutboxNotifier(
  { quietStart: 21 * 60, quietEnd: 8 * 60, timezone: tz },
  silentLog,
  () => night,
);

describe('OutboxNotifier', () => {
  it('holds an owner’s message through quiet hours instead of dropping it', async () => {
    const personId = String(new Types.ObjectId());
    await notifier.notify({
      personId,
      audience: 'owner',
      text: '明早维修',
      reason: 'appointment_owner_tomorrow',
      dedupeKey: 'k1',
    });
    const row = await Outbox.findById('k1').lean();
    expect(row).toMatchObject({ status: 'pending', text: '明早维修' });
    expect(DateTime.fromJSDate(row!.sendAfter).setZone(tz).toFormat('yyyy-LL-dd HH:mm')).toBe(
      '2026-11-24 08:00',
    );
  });

  it('sends staff messages at once, even at night', async () => {
    await notifier.notify({
      personId: String(new Types.ObjectId()),
      audience: 'staff',
      text: '请接单',
      reason: 'accept_overdue_assignee',
      dedupeKey: 'k2',
    });
    expect((await Outbox.findById('k2').lean())!.sendAfter).toEqual(night);
  });

  it('ignores the same notification a second time', async () => {
    const n = {
      personId: String(new Types.ObjectId()),
      audience: 'staff' as const,
      text: 'x',
      reason: 'r',
      dedupeKey: 'k3',
    };
    await notifier.notify(n);
    await notifier.notify(n);
    expect(await Outbox.countDocuments({ _id: 'k3' })).toBe(1);
  });
});
