import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import lockfile from 'proper-lockfile';

/** Another process holds the data folder. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder?: { pid: number; host: string; since: string },
  ) {
    super(
      `Another wuye-desk process is using the data folder ${dataDir}` +
        (holder ? ` (pid ${holder.pid} on ${holder.host}, since ${holder.since})` : '') +
        ': stop it first, or start this one with another DATA_DIR.',
    );
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  release(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One process per data folder (embedded database, demo token, photos): `proper-lockfile` takes
 * `<dataDir>/wuye.lock` (an atomic mkdir whose mtime it refreshes every `staleMs / 2`). The holder
 * is written beside it; a lock left by a process killed with -9 is taken over at once when that
 * process is gone on this host (or is us, after a restart in a container as pid 1), and by
 * proper-lockfile itself once its mtime is older than `staleMs`. `onLost` is called if the lock
 * is taken from under us (its directory removed or not refreshed in time).
 */
export async function lockDataDir(
  dataDir: string,
  opts: { staleMs?: number; onLost?: (err: Error) => void } = {},
): Promise<DataDirLock> {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const lockPath = join(dir, 'wuye.lock');
  const holderPath = join(dir, 'wuye.lock.pid');
  const staleMs = Math.max(opts.staleMs ?? 10_000, 2000);
  const take = () =>
    lockfile.lock(dir, {
      lockfilePath: lockPath,
      realpath: false,
      stale: staleMs,
      update: staleMs / 2,
      retries: 0,
      onCompromised: (err) => (opts.onLost ?? defaultLost)(err),
    });
  let release: () => Promise<void>;
  try {
    release = await take();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ELOCKED') throw err;
    const holder = readHolder(holderPath);
    const deadHere =
      holder && holder.host === hostname() && (holder.pid === process.pid || !alive(holder.pid));
    if (!deadHere) throw new DataDirLockedError(dir, holder);
    rmSync(lockPath, { recursive: true, force: true });
    try {
      release = await take();
    } catch (again) {
      if ((again as NodeJS.ErrnoException).code === 'ELOCKED')
        throw new DataDirLockedError(dir, readHolder(holderPath));
      throw again;
    }
  }
  writeFileSync(
    holderPath,
    JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }),
  );
  return {
    async release() {
      rmSync(holderPath, { force: true });
      await release().catch(() => undefined);
    },
  };
}

function readHolder(path: string): { pid: number; host: string; since: string } | undefined {
  try {
    const h = JSON.parse(readFileSync(path, 'utf8')) as { pid: number; host: string; since: string };
    return typeof h.pid === 'number' && typeof h.host === 'string' ? h : undefined;
  } catch {
    return undefined;
  }
}

function defaultLost(err: Error): void {
  // another process may now be sending from the same data: stop rather than send twice
  console.error(`data folder lock lost (${err.message}): stopping`);
  process.exit(75);
}
