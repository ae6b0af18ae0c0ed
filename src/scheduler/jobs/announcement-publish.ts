import { AnnouncementService } from '../../announcements/service.js';
import type { NoticeJob } from '../notice-job.js';

/** A notice published for later goes out at its `publishAt`. */
export const announcementPublish: NoticeJob = {
  name: 'announcement.publish',
  due: (n) => (n.state === 'scheduled' && n.publishAt ? n.publishAt : null),
  async run(n, ctx) {
    const service = new AnnouncementService({ config: ctx.config, notifier: ctx.notifier, clock: ctx.now });
    await service.publishNow(n._id);
  },
};
