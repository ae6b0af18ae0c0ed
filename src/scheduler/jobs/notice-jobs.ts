import type { NoticeJob } from '../notice-job.js';
import { announcementPublish } from './announcement-publish.js';
import { announcementReminder } from './announcement-reminder.js';

/** Every job that watches a notice. */
export const NOTICE_JOBS: readonly NoticeJob[] = [announcementPublish, announcementReminder];
