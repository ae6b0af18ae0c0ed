import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import mongoose from 'mongoose';

const { MongoClient } = mongoose.mongo;
import { projectRoot } from '../../paths.js';
import { freePort } from './free-port.js';
import type { EmbeddedDatabase, EmbeddedOptions } from './types.js';

export const FERRETDB_VERSION = 'v1.24.2';
const INSTALL_SCRIPT = join(projectRoot, 'scripts', 'install-ferretdb.sh');
export const PROJECT_FERRETDB = join(projectRoot, '.tools', 'bin', 'ferretdb');

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && executable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** The FerretDB binary: configured, the project's own build, or one on PATH. */
export function findFerretdb(configured?: string): string | undefined {
  if (configured) return executable(configured) ? resolve(configured) : undefined;
  if (executable(PROJECT_FERRETDB)) return PROJECT_FERRETDB;
  return onPath('ferretdb');
}

/** Builds FerretDB with the project's script (needs Go and the Go module proxy). */
export function installFerretdb(log: EmbeddedOptions['log']): string | undefined {
  if (!onPath('go') && !existsSync('/usr/local/go/bin/go')) return undefined;
  log.info({ script: INSTALL_SCRIPT }, 'building FerretDB (first start only; takes about 2 minutes)');
  const res = spawnSync('bash', [INSTALL_SCRIPT], { stdio: ['ignore', 'inherit', 'inherit'] });
  return res.status === 0 && executable(PROJECT_FERRETDB) ? PROJECT_FERRETDB : undefined;
}

async function waitForServer(uri: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`FerretDB exited with code ${child.exitCode} while starting`);
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 500, connectTimeoutMS: 500 });
    try {
      await client.connect();
      await client.db('admin').command({ ping: 1 });
      return;
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 150));
    } finally {
      await client.close().catch(() => undefined);
    }
  }
  throw new Error(`FerretDB did not answer within ${timeoutMs} ms: ${String(lastError)}`);
}

/**
 * Starts FerretDB (SQLite backend, loopback only, telemetry and debug listener off) as a child
 * process. A shell watchdog sits between: it reads our stdin and kills FerretDB when the pipe
 * closes, so FerretDB ends with this process even when it is killed with SIGKILL.
 */
export async function startFerretdb(bin: string, opts: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const dir = resolve(opts.dataDir, 'ferretdb');
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const args = [
    '--handler=sqlite',
    `--sqlite-url=file:${dir}/`,
    `--state-dir=${dir}`,
    `--listen-addr=127.0.0.1:${port}`,
    '--telemetry=disable',
    '--debug-addr=-',
    '--log-level=warn',
    '--log-format=json',
  ];
  const watchdog =
    'fdb="$1"; shift; "$fdb" "$@" & child=$!; trap \'kill $child 2>/dev/null\' TERM INT; read _ignored; kill $child 2>/dev/null; wait $child';
  const child = spawn('sh', ['-c', watchdog, 'ferretdb-watchdog', bin, ...args], {
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const uri = `mongodb://127.0.0.1:${port}/`;
  try {
    await waitForServer(uri, child, opts.startTimeoutMs);
  } catch (err) {
    child.kill('SIGTERM');
    throw new Error(`${(err as Error).message}\n${stderr}`, { cause: err });
  }
  opts.log.info({ port, dir, pid: child.pid }, 'FerretDB started');
  let stopped: Promise<void> | undefined;
  return {
    kind: 'ferretdb',
    uri,
    pid: child.pid,
    stop() {
      stopped ??= new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.stdin!.end();
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      });
      return stopped;
    },
  };
}
