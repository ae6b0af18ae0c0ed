/** `npm run seed`: loads (or refreshes) the demo community into the configured database. */
import { createServices } from '../src/app.js';
import { loadConfig } from '../src/config/load.js';
import { loadDemoData } from '../src/demo/seed.js';
import { createLogger } from '../src/log.js';

const config = loadConfig();
const log = createLogger(config.logLevel);
const services = await createServices(config, log);
try {
  const result = await loadDemoData(services);
  log.info(result, 'seed done');
} finally {
  await services.db.close();
}
