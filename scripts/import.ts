/** `npm run import -- units|people <community code> <file.csv>`: CSV import with a row-by-row report. */
import { readFileSync } from 'node:fs';
import { createServices } from '../src/app.js';
import { loadConfig } from '../src/config/load.js';
import { Community } from '../src/data/models/index.js';
import { createLogger } from '../src/log.js';

const [what, code, file] = process.argv.slice(2);
if (!['units', 'people'].includes(what ?? '') || !code || !file) {
  console.error('usage: npm run import -- units|people <community code> <file.csv>');
  process.exit(2);
}
const config = loadConfig();
const services = await createServices(config, createLogger(config.logLevel));
try {
  const community = await Community.findOne({ code }).lean();
  if (!community) throw new Error(`unknown community code ${code}`);
  const csv = readFileSync(file);
  const report =
    what === 'units'
      ? await services.imports.importUnits(String(community._id), csv)
      : await services.imports.importPeople(String(community._id), csv);
  process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  process.exitCode = report.errors.length ? 1 : 0;
} finally {
  await services.db.close();
}
