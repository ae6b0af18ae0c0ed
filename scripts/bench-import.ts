/**
 * `npm run bench:import` (BENCH_ROWS=10000): imports a generated people CSV of BENCH_ROWS rows into
 * a fresh embedded FerretDB (or MONGODB_URI) holding the demo community, through the same service
 * as `POST /api/v1/people/import`, then the same file again (nothing changes), then BENCH_CHANGED
 * of its rows changed as a background job (`?background=true`), its progress read. Prints the times.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServices } from '../src/app.js';
import { loadConfig } from '../src/config/load.js';
import { Person, Unit } from '../src/data/models/index.js';
import { loadDemoData } from '../src/demo/seed.js';
import { createLogger } from '../src/log.js';

const rows = Number(process.env.BENCH_ROWS ?? 10_000);
const dataDir = mkdtempSync(join(tmpdir(), 'wuye-bench-import-'));
const config = loadConfig({
  ...process.env,
  DATA_DIR: dataDir,
  EMBEDDED_DB: process.env.EMBEDDED_DB ?? 'ferretdb',
  LOG_LEVEL: 'warn',
});
const services = await createServices(config, createLogger('warn'), { dbName: 'bench_import' });
try {
  const { communityId } = await loadDemoData(services);
  const units = await Unit.find({}, { building: 1, entrance: 1, room: 1 }).lean();
  const lines = ['name,phone,roles,building,entrance,room,relation'];
  for (let i = 0; i < rows; i++) {
    const u = units[i % units.length]!;
    const phone = `139${String(10_000_000 + i).padStart(8, '0')}`;
    lines.push(`业主${i},${phone},owner,${u.building},${u.entrance},${u.room},${i % 3 ? 'family' : 'owner'}`);
  }
  const csv = lines.join('\n') + '\n';
  console.log(
    `db ${services.db.kind}; ${rows} people rows, ${(Buffer.byteLength(csv) / 1e6).toFixed(2)} MB; ${units.length} units`,
  );
  let last = Date.now();
  const t0 = Date.now();
  const first = await services.imports.importPeople(communityId, csv, {
    onProgress: (done, total) => {
      if (Date.now() - last > 5000 || done === total) {
        last = Date.now();
        console.log(`  ${done}/${total} rows after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      }
    },
  });
  const firstS = (Date.now() - t0) / 1000;
  const t1 = Date.now();
  const again = await services.imports.importPeople(communityId, csv);
  const againS = (Date.now() - t1) / 1000;
  const stored = await Person.countDocuments({ name: /^业主\d+$/ });
  console.log(
    `first import: ${firstS.toFixed(1)} s (created ${first.created}, updated ${first.updated}, errors ${first.errors.length}); ` +
      `same file again: ${againS.toFixed(1)} s (unchanged ${again.unchanged}); people stored ${stored}`,
  );
  // every row changed (a language added): updates by _id, as a background job whose progress is read
  // (BENCH_CHANGED rows, 1000 unless told: FerretDB v1 writes an update in ~5–40 ms, one at a time)
  const changedRows = Math.min(rows, Number(process.env.BENCH_CHANGED ?? 1000));
  const changed =
    lines
      .slice(0, changedRows + 1)
      .join('\n')
      .replace('relation\n', 'relation,language\n')
      .replace(/(owner|family)(?=\n|$)/g, '$1,en') + '\n';
  const t2 = Date.now();
  const job = services.importJobs.start({ kind: 'people' }, (opts) =>
    services.imports.importPeople(communityId, changed, opts),
  );
  while (services.importJobs.get(job.id)?.state === 'running') {
    await new Promise((r) => setTimeout(r, 2000));
    const j = services.importJobs.get(job.id)!;
    console.log(
      `  job ${j.state}: ${j.done}/${j.total} rows after ${((Date.now() - t2) / 1000).toFixed(1)} s`,
    );
  }
  const ended = services.importJobs.get(job.id)!;
  const changedS = (ended.finishedAt!.getTime() - t2) / 1000;
  console.log(
    `${changedRows} rows changed, as a job: ${changedS.toFixed(1)} s (${ended.state}; updated ${ended.report?.updated}, errors ${ended.report?.errors.length})`,
  );
  process.exitCode =
    first.errors.length || stored !== rows || ended.state !== 'done' || ended.report?.updated !== changedRows
      ? 1
      : 0;
} finally {
  await services.db.close();
  rmSync(dataDir, { recursive: true, force: true });
}
