import { randomBytes } from 'node:crypto';
import { AppError } from '../domain/errors.js';
import { ImportAbortedError, type ImportOptions, type ImportReport } from './import-service.js';

export type ImportJobState = 'running' | 'done' | 'failed' | 'cancelled';

/** An import run in the background: its progress while it runs, its report when it ends. */
export interface ImportJob {
  id: string;
  kind: string;
  /** The console user who started it (only they and admins read it). */
  startedBy?: string;
  state: ImportJobState;
  /** Rows read and written so far, of `total` (0 until the first batch is written). */
  done: number;
  total: number;
  startedAt: Date;
  finishedAt?: Date;
  /** What was imported: complete when done, up to the last written batch when cancelled. */
  report?: ImportReport;
  /** Why it failed or was cancelled: an error code (`errors.<code>`). */
  error?: string;
}

export interface ImportJobsOptions {
  /** A run still going after this long is stopped after its current batch (default 10 minutes). */
  maxRunMs?: number;
  /** Finished jobs are kept this long to be read (default 1 hour; at most 50 kept). */
  keepMs?: number;
  now?: () => number;
}

const KEEP_AT_MOST = 50;

/**
 * One import at a time per process, whether a request waits for it or it runs as a job. Throws
 * `import_busy` (429) while one runs; returns the release.
 */
let busy = false;
export function claimImportSlot(): () => void {
  if (busy) throw new AppError('import_busy', 429);
  busy = true;
  let released = false;
  return () => {
    if (!released) busy = false;
    released = true;
  };
}

/**
 * Imports run in the background (`POST /<kind>/import?background=true`): the request answers at
 * once with the job, whose progress and report `GET /imports/:id` reads. Bounded: one import at a
 * time (shared with imports a request waits for), stopped after `maxRunMs` or on cancel (after
 * the batch being written: what was written stays, importing the file again is idempotent), kept
 * in memory for `keepMs` after it ends. A restart forgets them (the rows written stay).
 */
export class ImportJobs {
  private readonly jobs = new Map<string, { job: ImportJob; abort: AbortController }>();
  private readonly maxRunMs: number;
  private readonly keepMs: number;
  private readonly now: () => number;

  constructor(opts: ImportJobsOptions = {}) {
    this.maxRunMs = opts.maxRunMs ?? 10 * 60_000;
    this.keepMs = opts.keepMs ?? 60 * 60_000;
    this.now = opts.now ?? Date.now;
  }

  /** Starts `run` in the background; throws `import_busy` while another import runs. */
  start(
    meta: { kind: string; startedBy?: string },
    run: (opts: ImportOptions) => Promise<ImportReport>,
  ): ImportJob {
    this.forgetOld();
    const release = claimImportSlot();
    const abort = new AbortController();
    const job: ImportJob = {
      id: randomBytes(8).toString('hex'),
      kind: meta.kind,
      startedBy: meta.startedBy,
      state: 'running',
      done: 0,
      total: 0,
      startedAt: new Date(this.now()),
    };
    this.jobs.set(job.id, { job, abort });
    const limit = setTimeout(() => abort.abort('import_too_long'), this.maxRunMs);
    limit.unref();
    const finish = (state: ImportJobState, extra: Partial<ImportJob>) => {
      Object.assign(job, { state, finishedAt: new Date(this.now()), ...extra });
      clearTimeout(limit);
      release();
    };
    void Promise.resolve()
      .then(() =>
        run({
          signal: abort.signal,
          onProgress: (done, total) => Object.assign(job, { done, total }),
        }),
      )
      .then(
        (report) => finish('done', { report, done: job.total || job.done }),
        (err: unknown) => {
          if (err instanceof ImportAbortedError)
            finish('cancelled', {
              report: err.report,
              error: typeof abort.signal.reason === 'string' ? abort.signal.reason : 'import_cancelled',
            });
          else finish('failed', { error: err instanceof AppError ? err.code : 'import_failed' });
        },
      );
    return job;
  }

  get(id: string): ImportJob | undefined {
    this.forgetOld();
    return this.jobs.get(id)?.job;
  }

  /** Stops a running job after its current batch; the job as it stands. */
  cancel(id: string): ImportJob | undefined {
    const entry = this.jobs.get(id);
    if (entry?.job.state === 'running') entry.abort.abort('import_cancelled');
    return entry?.job;
  }

  private forgetOld(): void {
    const ended = [...this.jobs.values()].filter((e) => e.job.finishedAt);
    for (const e of ended) {
      const old = this.now() - e.job.finishedAt!.getTime() > this.keepMs;
      if (old || this.jobs.size > KEEP_AT_MOST) this.jobs.delete(e.job.id);
    }
  }
}
