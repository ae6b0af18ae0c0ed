import type { Context } from 'koa';
import { AppError } from '../domain/errors.js';
import { ImportAbortedError, type ImportOptions, type ImportReport } from '../services/import-service.js';

let running = 0;

/**
 * Runs one CSV import for a request, synchronously: 10,000 people rows take well under a minute on
 * the embedded database (`npm run bench:import`), so the client gets the full report in the same
 * answer and no job store is needed. What keeps it bounded: the body limit (`http.importLimit`),
 * one import at a time per process (another gets 429 `import_busy`), and a client that leaves
 * stops the import after the batch being written (what was written stays; re-importing the file
 * is idempotent).
 */
export async function runImport(
  ctx: Context,
  run: (opts: ImportOptions) => Promise<ImportReport>,
): Promise<ImportReport> {
  if (running) throw new AppError('import_busy', 429);
  running++;
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
    running--;
    ctx.res.off('close', left);
  }
}
