import { ImportJobs, claimImportSlot } from '../../src/services/import-jobs.js';
import {
  ImportAbortedError,
  type ImportOptions,
  type ImportReport,
} from '../../src/services/import-service.js';

const report = (created: number): ImportReport => ({ created, updated: 0, unchanged: 0, errors: [] });

/** A run of `batches` batches of 500 rows that goes on only when `step()` is called. */
function steppedRun(batches: number) {
  let next: () => void = () => {};
  let seen: ImportOptions | undefined;
  const run = async (opts: ImportOptions) => {
    seen = opts;
    for (let b = 1; b <= batches; b++) {
      await new Promise<void>((r) => (next = r));
      opts.onProgress?.(b * 500, batches * 500);
      if (opts.signal?.aborted && b < batches) throw new ImportAbortedError(report(b * 500));
    }
    return report(batches * 500);
  };
  return {
    run,
    step: async () => {
      await new Promise((r) => setImmediate(r)); // the run has reached its next batch
      next();
      await new Promise((r) => setImmediate(r));
    },
    opts: () => seen,
  };
}

describe('ImportJobs', () => {
  it('answers at once with a running job whose progress follows the batches, then its report', async () => {
    const jobs = new ImportJobs();
    const r = steppedRun(3);
    const job = jobs.start({ kind: 'people', startedBy: 'u1' }, r.run);
    expect(job).toMatchObject({ kind: 'people', startedBy: 'u1', state: 'running', done: 0 });
    await r.step();
    expect(jobs.get(job.id)).toMatchObject({ state: 'running', done: 500, total: 1500 });
    await r.step();
    await r.step();
    expect(jobs.get(job.id)).toMatchObject({ state: 'done', done: 1500, report: { created: 1500 } });
    expect(jobs.get(job.id)!.finishedAt).toBeInstanceOf(Date);
  });

  it('refuses a second import while one runs (import_busy, shared with imports a request waits for)', async () => {
    const jobs = new ImportJobs();
    const r = steppedRun(2);
    jobs.start({ kind: 'people' }, r.run);
    expect(() => jobs.start({ kind: 'units' }, steppedRun(1).run)).toThrow(
      expect.objectContaining({ code: 'import_busy', status: 429 }),
    );
    expect(() => claimImportSlot()).toThrow(expect.objectContaining({ code: 'import_busy' }));
    await r.step();
    await r.step();
    const release = claimImportSlot(); // free again once the job ended
    release();
  });

  it('stops a cancelled job after the batch being written, keeping what that batch wrote', async () => {
    const jobs = new ImportJobs();
    const r = steppedRun(20);
    const job = jobs.start({ kind: 'people' }, r.run);
    await r.step();
    jobs.cancel(job.id);
    await r.step();
    expect(jobs.get(job.id)).toMatchObject({
      state: 'cancelled',
      error: 'import_cancelled',
      report: { created: 1000 },
    });
    claimImportSlot()(); // the slot is free
  });

  it('stops a job still running after maxRunMs (work never runs unbounded)', async () => {
    const jobs = new ImportJobs({ maxRunMs: 30 });
    const r = steppedRun(20);
    const job = jobs.start({ kind: 'people' }, r.run);
    await new Promise((res) => setTimeout(res, 60));
    expect(r.opts()!.signal!.aborted).toBe(true);
    await r.step();
    expect(jobs.get(job.id)).toMatchObject({ state: 'cancelled', error: 'import_too_long' });
  });

  it('reports a run that threw as failed with an error code, and frees the slot', async () => {
    const jobs = new ImportJobs();
    const job = jobs.start({ kind: 'people' }, () => Promise.reject(new Error('disk full')));
    await new Promise((r) => setImmediate(r));
    expect(jobs.get(job.id)).toMatchObject({ state: 'failed', error: 'import_failed' });
    claimImportSlot()();
  });

  it('forgets finished jobs after keepMs', async () => {
    let now = 1_000_000;
    const jobs = new ImportJobs({ keepMs: 1000, now: () => now });
    const job = jobs.start({ kind: 'people' }, async () => report(1));
    await new Promise((r) => setImmediate(r));
    expect(jobs.get(job.id)?.state).toBe('done');
    now += 1001;
    expect(jobs.get(job.id)).toBeUndefined();
  });
});
