import { AnnouncementService } from '../../announcements/service.js';
import type { NoticeJob } from '../notice-job.js';

/** A notice that asks for it is sent again `announcements.reminderBefore` before its window starts. */
export const announcementReminder: NoticeJob = {
  name: 'announcement.reminder',
  due(n, ctx) {
    if (!n.remind || n.remindedAt || (n.state !== 'published' && n.state !== 'scheduled')) return null;
    const at = new Date(n.startsAt.getTime() - ctx.config.announcements.reminderBefore);
    // not before the notice itself is out
    const out = n.state === 'scheduled' && n.publishAt ? n.publishAt : (n.publishedAt ?? at);
    return at > out ? at : null;
  },
  async run(n, ctx) {
    const service = new AnnouncementService({ config: ctx.config, notifier: ctx.notifier, clock: ctx.now });
    await service.remindNow(n._id);
  },
};
