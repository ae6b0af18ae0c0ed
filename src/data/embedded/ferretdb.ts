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
 * The watchdog between us and FerretDB: prints FerretDB's pid, ends it when our end of its stdin
 * closes (we died, even by SIGKILL) or on TERM, and exits with FerretDB's status when it dies on
 * its own (so the supervisor sees it). A background list reads stdin only through an explicit
 * redirection (otherwise sh gives it /dev/null).
 */
const WATCHDOG = [
  'fdb="$1"; shift',
  'exec 3<&0',
  '"$fdb" "$@" </dev/null & child=$!',
  'echo "$child"',
  '( read _ignored <&3; kill $child 2>/dev/null ) & reader=$!',
  "trap 'kill $child 2>/dev/null' TERM INT",
  'wait $child; code=$?',
  'kill $reader 2>/dev/null',
  'exit $code',
].join('\n');

/**
 * Starts FerretDB (SQLite backend, loopback only, telemetry and debug listener off) as a child
 * process. A shell watchdog sits between: it reads our stdin and kills FerretDB when the pipe
 * closes, so FerretDB ends with this process even when it is killed with SIGKILL.
 *
 * Supervised: when FerretDB dies on its own it is started again on the same port and data folder
 * (after `restartMinDelayMs`, doubling up to `restartMaxDelayMs`); the driver reconnects by
 * itself. `onState` hears 'down' and 'up'.
 */
export async function startFerretdb(bin: string, opts: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const dir = resolve(opts.dataDir, 'ferretdb');
  mkdirSync(dir, { recursive: true });
  const left = await endLeftovers(dir);
  if (left) opts.log.warn({ dir, killed: left }, 'FerretDB of a killed process was still running: ended');
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
  const uri = `mongodb://127.0.0.1:${port}/`;
  const minDelay = opts.restartMinDelayMs ?? 500;
  const maxDelay = opts.restartMaxDelayMs ?? 10_000;
  const listeners = new Set<(state: 'up' | 'down') => void>();
  const emit = (state: 'up' | 'down') => listeners.forEach((l) => l(state));
  let stopping = false;
  let up = false;
  let restarts = 0;
  let serverPid: number | undefined;
  let child: ChildProcess;

  const launch = async (): Promise<void> => {
    const c = spawn('sh', ['-c', WATCHDOG, 'ferretdb-watchdog', bin, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child = c;
    let stderr = '';
    c.stderr!.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    c.stdout!.once('data', (chunk: Buffer) => {
      const pid = Number.parseInt(chunk.toString(), 10);
      if (pid > 0) serverPid = pid;
    });
    try {
      await waitForServer(uri, c, opts.startTimeoutMs);
    } catch (err) {
      c.kill('SIGTERM');
      throw new Error(`${(err as Error).message}\n${stderr}`, { cause: err });
    }
    up = true;
    c.once('exit', (code, signal) => {
      up = false;
      // the watchdog itself killed: its FerretDB must not outlive it and hold the port
      if (serverPid) {
        try {
          process.kill(serverPid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      serverPid = undefined;
      c.stdin?.end();
      if (stopping) return;
      opts.log.warn({ code, signal, port, stderr: stderr.slice(-500) }, 'FerretDB died: restarting it');
      emit('down');
      void relaunch(minDelay);
    });
  };

  const relaunch = async (delay: number): Promise<void> => {
    await new Promise((r) => setTimeout(r, delay));
    if (stopping) return;
    try {
      await launch();
      restarts++;
      opts.log.info({ port, pid: serverPid, restarts }, 'FerretDB restarted');
      emit('up');
    } catch (err) {
      const next = Math.min(delay * 2, maxDelay);
      opts.log.warn(
        { err: (err as Error).message.split('\n')[0], retryInMs: next },
        'FerretDB restart failed',
      );
      void relaunch(next);
    }
  };

  await launch();
  opts.log.info({ port, dir, pid: child!.pid }, 'FerretDB started');
  let stopped: Promise<void> | undefined;
  return {
    kind: 'ferretdb',
    uri,
    get pid() {
      return child.pid;
    },
    get serverPid() {
      return serverPid;
    },
    get restarts() {
      return restarts;
    },
    isUp: () => up,
    onState(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop() {
      stopping = true;
      stopped ??= new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', () => done());
        child.stdin!.end();
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      });
      return stopped;
    },
  };
}

/** The FerretDB processes (and their watchdogs) serving this folder. */
function serving(dir: string): number[] {
  const pattern = `ferretdb --handler=sqlite --sqlite-url=file:${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/`;
  const r = spawnSync('pgrep', ['-f', pattern]);
  if (r.error) return []; // no pgrep here: nothing to check with
  return r.stdout
    .toString()
    .split('\n')
    .filter(Boolean)
    .map(Number)
    .filter((pid) => pid !== process.pid);
}

/**
 * Ends a FerretDB left serving this folder by a process killed with -9 (its watchdog ends it once
 * it notices, which on a loaded machine can be after the next process started): two servers on
 * one SQLite folder fail each other's writes (SQLITE_BUSY). Called with the data folder locked,
 * so whatever serves it is a leftover. Returns how many processes were ended.
 */
async function endLeftovers(dir: string): Promise<number> {
  const pids = serving(dir);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  const until = Date.now() + 10_000;
  while (pids.length && serving(dir).length && Date.now() < until)
    await new Promise((r) => setTimeout(r, 50));
  return pids.length;
}
