/**
 * `npm run bench:fees` (BENCH_UNITS=840, BENCH_MONTHS=12: 10,080 rows): imports a generated fee
 * CSV into a fresh embedded FerretDB (or MONGODB_URI) holding the demo community plus generated
 * units, through the same service as `POST /api/v1/fees/import`; then the same file again
 * (nothing changes), then a file where a third of the rows were paid (updates). Prints the times.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServices } from '../src/app.js';
import { loadConfig } from '../src/config/load.js';
import { Unit, Zone } from '../src/data/models/index.js';
import { loadDemoData } from '../src/demo/seed.js';
import { FeeRecord } from '../src/fees/model.js';
import { createLogger } from '../src/log.js';
import type { Actor } from '../src/domain/actor.js';

const unitCount = Number(process.env.BENCH_UNITS ?? 840);
const months = Number(process.env.BENCH_MONTHS ?? 12);
const dataDir = mkdtempSync(join(tmpdir(), 'wuye-bench-fees-'));
const config = loadConfig({
  ...process.env,
  DATA_DIR: dataDir,
  EMBEDDED_DB: process.env.EMBEDDED_DB ?? 'ferretdb',
  LOG_LEVEL: 'warn',
});
const services = await createServices(config, createLogger('warn'), { dbName: 'bench_fees' });
try {
  const { communityId } = await loadDemoData(services);
  const zone = (await Zone.findOne({ communityId }).lean())!;
  const units: Array<{ building: string; entrance: string; room: string }> = [];
  for (let i = 0; i < unitCount; i++)
    units.push({
      building: String(50 + Math.floor(i / 120)),
      entrance: String(1 + (Math.floor(i / 30) % 4)),
      room: String(101 + (i % 30)),
    });
  await Unit.insertMany(units.map((u) => ({ ...u, communityId, zoneId: zone._id })));
  const csvOf = (paidShare: (i: number) => boolean) => {
    const lines = ['房号,月份,应收金额,实收金额'];
    let i = 0;
    for (const u of units)
      for (let m = 1; m <= months; m++, i++) {
        const due = 180 + (i % 7) * 10;
        lines.push(
          `${u.building}-${u.entrance}-${u.room},2026-${String(m).padStart(2, '0')},${due},${paidShare(i) ? due : 0}`,
        );
      }
    return lines.join('\n') + '\n';
  };
  const first = csvOf((i) => i % 2 === 0);
  const changed = csvOf((i) => i % 2 === 0 || i % 3 === 0);
  const actor: Actor = { kind: 'admin', roles: [], zoneIds: [], unitIds: [], name: 'bench' } as never;
  const rows = unitCount * months;
  console.log(`db ${services.db.kind}; ${rows} fee rows, ${(Buffer.byteLength(first) / 1e6).toFixed(2)} MB`);
  const time = async (label: string, csv: string) => {
    const t0 = Date.now();
    const r = await services.fees.importCsv(actor, csv, communityId);
    const s = (Date.now() - t0) / 1000;
    console.log(
      `${label}: ${s.toFixed(1)} s (created ${r.created}, updated ${r.updated}, unchanged ${r.unchanged}, errors ${r.errors.length})`,
    );
    return r;
  };
  const a = await time('first import', first);
  await time('same file again', first);
  await time('a third more paid', changed);
  const stored = await FeeRecord.countDocuments({});
  const arrears = await FeeRecord.countDocuments({ arrears: { $gt: 0 } });
  console.log(`records stored ${stored}, in arrears ${arrears}`);
  process.exitCode = a.errors.length || stored !== rows ? 1 : 0;
} finally {
  await services.db.close();
  rmSync(dataDir, { recursive: true, force: true });
}
