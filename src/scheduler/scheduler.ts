import { hostname } from 'node:os';
import { Agenda, exponential, type Job } from 'agenda';
import { MongoBackend } from '@agendajs/mongo-backend';
import mongoose from 'mongoose';
import { readTicket } from '../data/ticket-store.js';
import type { Ticket as TicketT } from '../services/ticket-service.js';
import { claim, occurrence } from '../data/claims.js';
import { withBatchWindow } from '../data/batch.js';
import { trimHistory } from '../data/retention.js';
import { makeLockingSafe } from './ferretdb-safe-locking.js';
import type { JobContext } from './context.js';
import { TICKET_JOBS } from './jobs/index.js';
import { sendDailyDigests } from './jobs/daily-digest.js';
import { sendMonthlySummaries } from './jobs/monthly-summary.js';
import { renovationSweep } from './jobs/renovation-sweep.js';
import { runSurveyTick, SURVEY_TICK } from './jobs/survey-tick.js';
import { PERIODIC_JOBS } from './jobs/periodic.js';
import type { TicketJob } from './ticket-job.js';
import type { Notice } from '../announcements/service.js';
import { Announcement } from '../announcements/model.js';
import { NOTICE_JOBS } from './jobs/notice-jobs.js';
import type { NoticeJob, NoticeJobData } from './notice-job.js';
import { sendFeeReminders } from './jobs/fee-reminders.js';

export const JOBS_COLLECTION = 'agendaJobs';
/** FerretDB only: one document per locked occurrence of a job (ferretdb-safe-locking.ts). */
export const LOCKS_COLLECTION = 'agendaLocks';
interface TicketJobData {
  ticketId: string;
  /** The deadline this job watches, as the ticket had it when the job was made. */
  due: string;
  step: number;
}

/**
 * How long a ticket job's batched writes wait for the other jobs' (data/batch.ts): many jobs due at
 * one moment then write in a few commands instead of one each (`npm run bench:jobs`).
 */
const JOB_WRITE_WINDOW_MS = 25;

const hhmm = (minutes: number) => [Math.floor(minutes / 60), minutes % 60] as const;

/**
 * Agenda 6 on the application's own database connection. Every ticket change calls `syncTicket`,
 * which creates, moves or cancels that ticket's jobs (one per kind, `unique()` per ticket, kind
 * and ladder step). Jobs re-check the ticket when they fire and claim their occurrence before
 * acting, so a job that is stale, duplicated or run by two workers acts once; the occurrence is
 * marked done only after it succeeded, and a failed one is released and retried with backoff.
 */
export class Scheduler {
  readonly agenda: Agenda;
  readonly worker = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  private running = false;
  private readonly backend: MongoBackend;

  constructor(private readonly ctx: JobContext) {
    const backend = new MongoBackend({ mongo: mongoose.connection.db as never, collection: JOBS_COLLECTION });
    this.backend = backend;
    this.agenda = new Agenda({
      backend,
      name: this.worker,
      processEvery: ctx.config.scheduler.processEvery,
      defaultLockLifetime: ctx.config.scheduler.lockLifetime,
      // many jobs of a kind at once: their writes share commands (claims, marks, outbox rows)
      maxConcurrency: 100,
      defaultConcurrency: 40,
      // Bounded locking: without it Agenda locks every due job before running any, and on a slow
      // lock query (FerretDB: ~90 ms at 1,000 jobs) early locks expire while it is still locking.
      defaultLockLimit: 60,
      lockLimit: 200,
      removeOnComplete: true,
    });
    this.agenda.on('error', (err) => ctx.log.error({ err }, 'scheduler error'));
    this.agenda.on('fail', (err, job) =>
      ctx.log.error(
        { err: err instanceof Error ? err.message : err, job: job.attrs.name, data: job.attrs.data },
        'job failed',
      ),
    );
    // A job that throws is run again by Agenda, with exponential backoff.
    const backoff = exponential({
      delay: ctx.config.scheduler.jobRetryDelay,
      maxRetries: ctx.config.scheduler.jobRetries,
      factor: 2,
    });
    // a job's writes (claim, notices, reminder, done mark) wait a moment for the other jobs' company
    for (const job of TICKET_JOBS)
      this.agenda.define(
        job.name,
        (j: Job<TicketJobData>) => withBatchWindow(JOB_WRITE_WINDOW_MS, () => this.runTicketJob(job, j)),
        { backoff },
      );
    this.agenda.define(
      'digest.daily',
      async () => void (await sendDailyDigests(ctx, (k) => claim(k, this.worker))),
    );
    this.agenda.define('renovation.sweep', async () => void (await renovationSweep(ctx)), { backoff });
    this.agenda.define(SURVEY_TICK, async () => runSurveyTick(ctx), { backoff });
    for (const job of NOTICE_JOBS)
      this.agenda.define(job.name, (j: Job<NoticeJobData>) => this.runNoticeJob(job, j), { backoff });
    this.agenda.define('fees.reminders', async () => void (await sendFeeReminders(ctx)), { backoff });
    for (const job of PERIODIC_JOBS)
      this.agenda.define(job.name, async () => void (await job.run(ctx, (k) => claim(k, this.worker))), {
        backoff,
      });
    this.agenda.define('maintenance.retention', async () => void (await trimHistory(ctx.config, ctx.log)));
    this.agenda.define(
      'summary.monthly',
      async () => void (await sendMonthlySummaries(ctx, (k) => claim(k, this.worker))),
    );
  }

  async start(): Promise<void> {
    // FerretDB says so in buildInfo; its conditional updates are not atomic (see ferretdb-safe-locking.ts).
    const info = await mongoose.connection.db!.admin().command({ buildInfo: 1 });
    if (info.ferretdbVersion) {
      makeLockingSafe(this.backend, {
        workerName: this.worker,
        processEvery: this.ctx.config.scheduler.processEvery,
        lockLifetime: this.ctx.config.scheduler.lockLifetime,
        removedOnComplete: (name) =>
          (this.agenda.definitions[name] as { removeOnComplete?: boolean } | undefined)?.removeOnComplete ??
          true,
        jobNames: () => Object.keys(this.agenda.definitions),
        locks: mongoose.connection.db!.collection(LOCKS_COLLECTION),
      });
      this.ctx.log.info({ ferretdb: info.ferretdbVersion }, 'FerretDB: job locking serialised and verified');
    }
    await this.agenda.start();
    await mongoose.connection
      .db!.collection(JOBS_COLLECTION)
      .createIndex({ name: 1, 'data.ticketId': 1 }, { name: 'ticketJobs' });
    const [h, m] = hhmm(this.ctx.config.sla.digestAt);
    const tz = { timezone: this.ctx.config.timezone };
    await this.agenda.every(`${m} ${h} * * *`, 'digest.daily', undefined, tz);
    await this.agenda.every(
      `${m} ${h} ${this.ctx.config.scheduler.monthlySummaryDay} * *`,
      'summary.monthly',
      undefined,
      tz,
    );
    await this.agenda.every(this.ctx.config.renovation.sweepEvery, 'renovation.sweep', undefined, tz);
    await this.agenda.every(this.ctx.config.surveys.tickEvery, SURVEY_TICK);
    const [fh, fm] = hhmm(this.ctx.config.fees.remindAt);
    await this.agenda.every(`${fm} ${fh} * * *`, 'fees.reminders', undefined, tz);
    for (const job of PERIODIC_JOBS)
      await this.agenda.every(job.cron(this.ctx.config), job.name, undefined, tz);
    const [rh, rm] = hhmm(this.ctx.config.retention.runAt);
    await this.agenda.every(`${rm} ${rh} * * *`, 'maintenance.retention', undefined, tz);
    this.running = true;
    this.ctx.log.info({ worker: this.worker }, 'scheduler started');
  }

  /** Lets running jobs finish (up to `timeoutMs`), then stops taking new ones. */
  async drain(timeoutMs = 10_000): Promise<void> {
    if (!this.running) return;
    this.running = false;
    await this.agenda.drain(timeoutMs).catch((err) => this.ctx.log.warn({ err }, 'drain failed'));
  }

  /**
   * Makes the ticket's jobs match the ticket as it is now. Given the ticket as it was before the
   * change (`null` for a new ticket), only the kinds whose deadline changed touch the job store;
   * without it, every kind is compared with the stored jobs (a full resync).
   */
  async syncTicket(t: TicketT, before?: TicketT | null): Promise<void> {
    const ticketId = String(t._id);
    if (before !== undefined) {
      for (const job of TICKET_JOBS) {
        const due = job.due(t, this.ctx);
        const was = before ? job.due(before, this.ctx) : null;
        if (due?.getTime() === was?.getTime()) continue;
        if (was) await this.agenda.cancel({ name: job.name, data: { ticketId } });
        if (due) await this.schedule(job.name, { ticketId, due: due.toISOString(), step: 0 }, due);
      }
      return;
    }
    const { jobs: all } = await this.agenda.queryJobs({
      names: TICKET_JOBS.map((j) => j.name),
      data: { ticketId },
    });
    for (const job of TICKET_JOBS) {
      const due = job.due(t, this.ctx);
      const jobs = all.filter((j) => j.name === job.name);
      const current = due && jobs.some((j) => (j.data as TicketJobData).due === due.toISOString());
      if (current) continue;
      if (jobs.length) await this.agenda.cancel({ name: job.name, data: { ticketId } });
      if (due) await this.schedule(job.name, { ticketId, due: due.toISOString(), step: 0 }, due);
    }
  }

  private async schedule(name: string, data: TicketJobData, at: Date): Promise<void> {
    await this.agenda
      .create(name, data)
      .unique({ name, 'data.ticketId': data.ticketId, 'data.due': data.due, 'data.step': data.step })
      .schedule(at)
      .save();
  }

  private async runTicketJob(job: TicketJob, j: Job<TicketJobData>): Promise<void> {
    const { ticketId, due, step } = j.attrs.data;
    const t = await readTicket<TicketT>(ticketId);
    if (!t) return;
    const still = job.due(t, this.ctx);
    if (!still || still.toISOString() !== due) return; // the ticket moved on; its sync already replaced this job
    const key = `${job.name}:${ticketId}:${due}:${step}`;
    const lease = this.ctx.config.scheduler.lockLifetime;
    if (!(await occurrence.claim(key, this.worker, lease, this.ctx.now()))) return;
    let next: Date | null;
    try {
      next = await job.run(t, step, this.ctx);
    } catch (err) {
      await occurrence.release(key, this.worker).catch(() => undefined);
      throw err; // Agenda retries it with backoff
    }
    if (next) await this.schedule(job.name, { ticketId, due, step: step + 1 }, next);
    await occurrence.done(key);
  }

  /** Makes a notice's jobs (publish at a time, the reminder) match the notice as it is now. */
  async syncNotice(n: Notice): Promise<void> {
    const announcementId = String(n._id);
    for (const job of NOTICE_JOBS) {
      const due = job.due(n, this.ctx);
      const { jobs } = await this.agenda.queryJobs({ name: job.name, data: { announcementId } });
      if (due && jobs.some((j) => (j.data as NoticeJobData).due === due.toISOString())) continue;
      if (jobs.length) await this.agenda.cancel({ name: job.name, data: { announcementId } });
      if (!due) continue;
      const data: NoticeJobData = { announcementId, due: due.toISOString() };
      await this.agenda
        .create(job.name, data)
        .unique({ name: job.name, 'data.announcementId': announcementId, 'data.due': data.due })
        .schedule(due)
        .save();
    }
  }

  private async runNoticeJob(job: NoticeJob, j: Job<NoticeJobData>): Promise<void> {
    const { announcementId, due } = j.attrs.data;
    const n = await Announcement.findById(announcementId).lean<Notice>();
    if (!n || job.due(n, this.ctx)?.toISOString() !== due) return; // changed or cancelled since
    const key = `${job.name}:${announcementId}:${due}`;
    if (!(await occurrence.claim(key, this.worker, this.ctx.config.scheduler.lockLifetime, this.ctx.now())))
      return;
    try {
      await job.run(n, this.ctx);
    } catch (err) {
      await occurrence.release(key, this.worker).catch(() => undefined);
      throw err; // Agenda retries it with backoff
    }
    await occurrence.done(key);
  }

  /** For /healthz: running, jobs due now, jobs overdue (due longer than two polling intervals ago). */
  async health() {
    const col = mongoose.connection.db!.collection(JOBS_COLLECTION);
    const now = Date.now();
    const late = new Date(now - 2 * this.ctx.config.scheduler.processEvery - 1000);
    const [due, overdue] = await Promise.all([
      col.countDocuments({ nextRunAt: { $lte: new Date(now) }, disabled: { $ne: true } }),
      col.countDocuments({ nextRunAt: { $lte: late }, disabled: { $ne: true } }),
    ]);
    return {
      status: this.running ? 'running' : 'stopped',
      worker: this.worker,
      jobsDue: due,
      jobsOverdue: overdue,
    };
  }
}
