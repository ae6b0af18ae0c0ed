import type { Config } from '../config/schema.js';
import type { JobContext } from './context.js';

/**
 * A job that runs on a clock (not per ticket): its cron line from the settings, and what it does
 * at `ctx.now()`. `claimOnce(key)` is true for the first worker to claim an occurrence, so a
 * duplicate run (two workers, a retry after part of the work) acts once per key.
 */
export interface PeriodicJob {
  name: string;
  cron(config: Config): string;
  run(ctx: JobContext, claimOnce: (key: string) => Promise<boolean>): Promise<number>;
}

/** "m h * * *" for a time of day kept as minutes after midnight. */
export const dailyAt = (minutes: number) => `${minutes % 60} ${Math.floor(minutes / 60)} * * *`;

/** "HH:MM" for messages. */
export const clockText = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
