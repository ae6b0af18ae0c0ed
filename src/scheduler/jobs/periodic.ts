import type { PeriodicJob } from '../periodic-job.js';
import { patrolEscalation, patrolReminders } from './patrol-reminders.js';
import { unconfirmedDrafts } from './unconfirmed-drafts.js';
import { visitPlans, visitReminders } from './visit-jobs.js';

/** Every job that runs on a clock from the settings (besides the digest, summary and retention). */
export const PERIODIC_JOBS: readonly PeriodicJob[] = [
  patrolReminders,
  patrolEscalation,
  visitPlans,
  visitReminders,
  unconfirmedDrafts,
];
