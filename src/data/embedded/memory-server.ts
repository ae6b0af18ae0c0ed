import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { projectRoot } from '../../paths.js';
import type { EmbeddedDatabase, EmbeddedOptions } from './types.js';

/** A mongod binary already on this machine (system, env, or mongodb-memory-server's cache). */
export function findLocalMongod(): string | undefined {
  const env = process.env.MONGOMS_SYSTEM_BINARY;
  if (env && existsSync(env)) return env;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, 'mongod'))) return join(dir, 'mongod');
  }
  const caches = [
    process.env.MONGOMS_DOWNLOAD_DIR,
    join(projectRoot, 'node_modules', '.cache', 'mongodb-memory-server'),
    join(homedir(), '.cache', 'mongodb-binaries'),
  ];
  for (const dir of caches) {
    if (!dir || !existsSync(dir)) continue;
    const found = readdirSync(dir).find((f) => f.startsWith('mongod-'));
    if (found) return join(dir, found);
  }
  return undefined;
}

/**
 * mongodb-memory-server with a persistent dbPath under the data folder. Without a local binary
 * it downloads one, given at most `downloadTimeoutMs`.
 */
export async function startMemoryServer(opts: EmbeddedOptions, binary?: string): Promise<EmbeddedDatabase> {
  const { MongoMemoryServer } = await import('mongodb-memory-server');
  const dbPath = resolve(opts.dataDir, 'mongodb');
  mkdirSync(dbPath, { recursive: true });
  const create = MongoMemoryServer.create({
    instance: { dbPath, storageEngine: 'wiredTiger', ip: '127.0.0.1' },
    binary: binary ? { systemBinary: binary } : {},
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`mongod not available within ${opts.downloadTimeoutMs} ms`)),
      opts.downloadTimeoutMs,
    );
  });
  try {
    const server = await Promise.race([create, timeout]);
    opts.log.info({ dbPath, uri: server.getUri() }, 'mongodb-memory-server started');
    let stopped: Promise<void> | undefined;
    return {
      kind: 'mongodb-memory-server',
      uri: server.getUri(),
      stop() {
        stopped ??= server.stop({ doCleanup: false }).then(() => undefined);
        return stopped;
      },
    };
  } catch (err) {
    // A download that finishes after the timeout must not leave a server behind.
    create.then((s) => s.stop({ doCleanup: false })).catch(() => undefined);
    throw err;
  } finally {
    clearTimeout(timer);
  }
}
