import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedDatabase } from '../../src/data/embedded/index.js';
import { buildConsoleIfStale } from '../../web/build-if-stale.js';

/**
 * Starts one database for the whole run, the same way the service does: MONGODB_URI when set,
 * otherwise the embedded one (mongodb-memory-server or FerretDB). Each test file then works in
 * a database of its own (test/support/db.ts).
 */
export default async function globalSetup(): Promise<void> {
  installBrowser();
  await buildConsoleIfStale(); // the browser tests load the built console (dist/web)
  if (process.env.MONGODB_URI) return;
  const log = {
    info: (o: object, msg?: string) => process.env.TEST_DEBUG && console.error(msg, o),
    warn: (o: object, msg?: string) => console.error(`[global-setup] ${msg ?? ''}`, o),
  };
  const dataDir = mkdtempSync(join(tmpdir(), 'wuye-test-'));
  const db = await startEmbeddedDatabase(
    (process.env.EMBEDDED_DB as 'auto' | 'ferretdb' | undefined) ?? 'auto',
    {
      dataDir,
      startTimeoutMs: 60_000,
      downloadTimeoutMs: 20_000,
      log,
    },
  );
  process.env.MONGODB_URI = db.uri;
  process.env.TEST_DB_KIND = db.kind;
  (globalThis as { __testDb?: typeof db; __testDataDir?: string }).__testDb = db;
  (globalThis as { __testDataDir?: string }).__testDataDir = dataDir;
}

/** The browser tests need Debian's Chromium; the project's script installs it when missing. */
function installBrowser(): void {
  if (existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) return;
  const r = spawnSync('bash', [join(process.cwd(), 'scripts', 'install-chromium.sh')], { stdio: 'inherit' });
  if (r.status !== 0)
    console.error('[global-setup] Chromium could not be installed: the browser tests will fail');
}
