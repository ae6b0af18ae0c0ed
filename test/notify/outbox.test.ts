import { DateTime } from 'luxon';
import { Types } from 'mongoose';
import { Outbox, OutboxNotifier, queueChatMessage } from '../../src/notify/outbox.js';
import { BatchWriter, withBatchWindow } from '../../src/data/batch.js';
import { outboxEvents } from '../../src/data/models/index.js';
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

  it('hands a row queued in a job’s batch window to the sender outside that window', async () => {
    // the sender takes the row in the listener, and its writes (the `sending` mark before each
    // message, for every row its chats send after) must not wait for the job's window
    const w = new BatchWriter(() => ({
      insertMany: async () => undefined,
      bulkWrite: async () => undefined,
      deleteMany: async () => undefined,
    }));
    let written: Promise<string> | undefined;
    const take = () => void (written = w.insert({ x: 1 }).then(() => 'written'));
    outboxEvents.on('queued', take);
    try {
      await withBatchWindow(300, () =>
        queueChatMessage({ key: 'in-window', text: '请接单', audience: 'staff', reason: 'test' }),
      );
      const late = new Promise<string>((r) => setTimeout(() => r('waited'), 100));
      expect(await Promise.race([written!, late])).toBe('written');
    } finally {
      outboxEvents.off('queued', take);
    }
  });
});
