/**
 * Builds the console (Vite) when its sources are newer than the last build: `npm start` runs it
 * first (prestart), and so does the tests' global setup. `--force` always builds.
 */
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const WEB = fileURLToPath(new URL('.', import.meta.url));
const ROOT = join(WEB, '..');
export const CONSOLE_DIST = join(ROOT, 'dist', 'web');
/** When the last build started (sources saved during a build make the next check build again). */
const STAMP = join(CONSOLE_DIST, '.built-at');

function newest(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(path).map((f) => newest(join(path, f))));
}

/**
 * True when dist/web is missing or older than web/src, the server's pure modules it imports
 * (role lists, form field types), web/index.html, the config or the lock file.
 */
export function consoleIsStale(): boolean {
  if (!existsSync(STAMP) || !existsSync(join(CONSOLE_DIST, 'index.html'))) return true;
  const built = Number(readFileSync(STAMP, 'utf8'));
  const inputs = [
    join(WEB, 'src'),
    join(ROOT, 'src', 'domain', 'console-roles.ts'),
    join(ROOT, 'src', 'domain', 'roles.ts'),
    join(ROOT, 'src', 'ticket-events', 'field-types.ts'),
    join(WEB, 'index.html'),
    join(WEB, 'vite.config.ts'),
    join(ROOT, 'package-lock.json'),
  ];
  return inputs.some((p) => existsSync(p) && newest(p) > built);
}

export async function buildConsoleIfStale(force = false): Promise<boolean> {
  if (!force && !consoleIsStale()) return false;
  const started = Date.now();
  const { build } = await import('vite');
  await build({ configFile: join(WEB, 'vite.config.ts'), logLevel: 'warn' });
  writeFileSync(STAMP, String(started));
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const built = await buildConsoleIfStale(process.argv.includes('--force'));
  console.error(built ? 'console: built dist/web' : 'console: dist/web is up to date');
}
