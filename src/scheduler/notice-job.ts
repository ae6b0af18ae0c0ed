import type { Notice } from '../announcements/service.js';
import type { JobContext } from './context.js';

/** The data of a notice's job: which notice, and the time it was due when it was made. */
export interface NoticeJobData {
  announcementId: string;
  due: string;
}

/** A job that watches a notice (publish at a time, the reminder before its window). */
export interface NoticeJob {
  name: string;
  /** When it should run for the notice as it is now; null: not at all. */
  due(n: Notice, ctx: JobContext): Date | null;
  run(n: Notice, ctx: JobContext): Promise<void>;
}
