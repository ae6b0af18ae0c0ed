import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../src/paths.js';

/**
 * `npm start` stopped with SIGTERM or SIGINT (a service manager, Ctrl-C sent to npm alone) must
 * stop the whole tree: npm, the service and the embedded FerretDB it started. Before, npm's
 * shell died and left the service (and its database) running without a parent.
 */
const root = projectRoot;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** True while any process of the group is alive. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(check: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return check();
}

describe('npm start', () => {
  it('runs the service as the process npm signals (no shell or tsx wrapper in between)', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.start).toMatch(/^exec node /);
  });

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'stopped with %s to npm, leaves no service or FerretDB running',
    async (signal) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'wuye-start-'));
      const port = await freePort();
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        PORT: String(port),
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        EMBEDDED_DB: 'ferretdb',
        BOT: 'false',
      };
      delete env.MONGODB_URI;
      // its own process group, so that whatever it leaves behind can be found (and ended) here
      const npm = spawn('npm', ['start', '--silent'], { cwd: root, env, detached: true, stdio: 'ignore' });
      const pgid = npm.pid!;
      const exited = new Promise<void>((r) => npm.once('exit', () => r()));
      try {
        const up = await until(
          () =>
            fetch(`http://127.0.0.1:${port}/healthz`)
              .then((r) => r.status === 200)
              .catch(() => false),
          90_000,
        );
        expect(up).toBe(true);
        npm.kill(signal);
        await exited;
        expect(await until(() => !groupAlive(pgid), 20_000)).toBe(true);
      } finally {
        if (groupAlive(pgid)) process.kill(-pgid, 'SIGKILL');
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
    120_000,
  );
});
