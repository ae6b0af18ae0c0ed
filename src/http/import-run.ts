import type { Context } from 'koa';
import { AppError } from '../domain/errors.js';
import { ImportAbortedError, type ImportOptions, type ImportReport } from '../services/import-service.js';
import { claimImportSlot } from '../services/import-jobs.js';

/**
 * Runs one CSV import for a request, synchronously: 10,000 people rows take well under a minute on
 * the embedded database (`npm run bench:import`), so the client gets the full report in the same
 * answer. What keeps it bounded: the body limit (`http.importLimit`),
 * one import at a time per process (another gets 429 `import_busy`, also while a background
 * import runs), and a client that leaves stops the import after the batch being written (what was
 * written stays; re-importing the file is idempotent). `?background=true` runs it as a job
 * instead (ImportJobs): answered at once, progress and report read with `GET /imports/:id`.
 */
export async function runImport(
  ctx: Context,
  run: (opts: ImportOptions) => Promise<ImportReport>,
): Promise<ImportReport> {
  const release = claimImportSlot();
  const abort = new AbortController();
  const left = () => {
    if (!ctx.res.writableFinished) abort.abort();
  };
  ctx.res.once('close', left);
  try {
    return await run({ signal: abort.signal });
  } catch (err) {
    if (err instanceof ImportAbortedError) throw new AppError('client_closed', 499);
    throw err;
  } finally {
    release();
    ctx.res.off('close', left);
  }
}
