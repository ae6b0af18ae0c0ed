/** What the fault scenarios of `npm run test:faults` share: the service as a child process. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../../src/paths.js';

export const failures: string[] = [];
export const check = (ok: boolean, what: string) => {
  console.log(`${ok ? '  ok  ' : '  FAIL'} ${what}`);
  if (!ok) failures.push(what);
};
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type Service = ChildProcess & { output: () => string };

export function startService(dataDir: string, port: number, env: Record<string, string> = {}): Service {
  const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'src', 'main.ts')], {
    cwd: projectRoot,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: process.env.FAULTS_LOG_LEVEL ?? 'warn',
      API_TOKEN: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out = (out + b.toString()).slice(-20_000)));
  child.stderr!.on('data', (b: Buffer) => (out = (out + b.toString()).slice(-20_000)));
  return Object.assign(child, { output: () => out });
}

export async function health(port: number): Promise<number> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(4000) });
    await res.body?.cancel();
    return res.status;
  } catch {
    return 0;
  }
}

export async function waitFor(cond: () => Promise<boolean>, ms: number, every = 200): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return true;
    await sleep(every);
  }
  return false;
}

const ferretdbPattern = (dataDir: string) =>
  `^\\S*ferretdb --handler=sqlite --sqlite-url=file:${dataDir}/ferretdb/`;

/** Processes whose command line starts with the FerretDB binary and names this folder. */
export function ferretdbPids(dataDir: string): number[] {
  const r = spawnSync('pgrep', ['-f', ferretdbPattern(dataDir)]);
  return r.stdout.toString().split('\n').filter(Boolean).map(Number);
}

/** The MongoDB URI of the FerretDB serving this folder (to check what the service stored). */
export function ferretdbUri(dataDir: string): string | undefined {
  const r = spawnSync('pgrep', ['-af', ferretdbPattern(dataDir)]);
  const port = /--listen-addr=127\.0\.0\.1:(\d+)/.exec(r.stdout.toString())?.[1];
  return port ? `mongodb://127.0.0.1:${port}/` : undefined;
}

export interface Reply {
  to: string | null;
  text: string;
  status?: string;
}

/** A console client of the service: the simulator as the admin's API token. */
export function client(port: number, token: string) {
  const call = async (path: string, body?: unknown, timeoutMs = 60_000) => {
    const res = await fetch(`http://127.0.0.1:${port}/api/v1${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  return {
    call,
    say: async (from: string, text: string, timeoutMs = 60_000) => {
      const r = await call('/simulator/messages', { from, text }, timeoutMs);
      return {
        status: r.status,
        body: r.body as { id?: string; outcome?: string; replies?: Reply[] },
      };
    },
  };
}

export const seconds = (since: number) => ((Date.now() - since) / 1000).toFixed(1);
