import { findFerretdb, installFerretdb, startFerretdb } from './ferretdb.js';
import { findLocalMongod, startMemoryServer } from './memory-server.js';
import type { EmbeddedDatabase, EmbeddedOptions } from './types.js';

export type { EmbeddedDatabase, EmbeddedOptions };

export class NoDatabaseError extends Error {
  constructor(tried: string[]) {
    super(
      `No database: MONGODB_URI is not set and no embedded database could be started (${tried.join('; ')}).\n` +
        'Set MONGODB_URI=mongodb://host:27017/wuye to use a MongoDB server, or run `npm run db:install` ' +
        '(needs Go) to build the embedded FerretDB.',
    );
    this.name = 'NoDatabaseError';
  }
}

/** Whether mongodb-memory-server's download site answers within 3 s (offline machines skip it). */
async function downloadReachable(): Promise<boolean> {
  const base = process.env.MONGOMS_DOWNLOAD_MIRROR ?? 'https://fastdl.mongodb.org';
  try {
    await fetch(base, { method: 'HEAD', signal: AbortSignal.timeout(3000) });
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts the embedded database when no MONGODB_URI is given. Order for `auto`: a mongod already on
 * the machine (mongodb-memory-server), then a mongod downloaded by mongodb-memory-server where the
 * download site is reachable, then FerretDB offline (built by the project's script when missing);
 * otherwise a clear error. A real MongoDB is what users get whenever it can be had.
 */
export async function startEmbeddedDatabase(
  mode: 'auto' | 'mongodb-memory-server' | 'ferretdb',
  opts: EmbeddedOptions,
): Promise<EmbeddedDatabase> {
  const tried: string[] = [];
  const attempt = async (name: string, start: () => Promise<EmbeddedDatabase>) => {
    try {
      return await start();
    } catch (err) {
      tried.push(`${name}: ${(err as Error).message.split('\n')[0]}`);
      opts.log.warn({ err: (err as Error).message }, `${name} did not start`);
      return undefined;
    }
  };

  if (mode !== 'ferretdb') {
    const local = findLocalMongod();
    if (local) {
      const db = await attempt('mongodb-memory-server', () => startMemoryServer(opts, local));
      if (db) return db;
    } else tried.push('no local mongod binary');
  }
  // a real MongoDB whenever it can be had: downloaded where the internet is reachable
  if (mode !== 'ferretdb') {
    if (await downloadReachable()) {
      const db = await attempt('mongodb-memory-server download', () => startMemoryServer(opts));
      if (db) return db;
    } else tried.push('mongod download site not reachable');
  }
  if (mode !== 'mongodb-memory-server') {
    const bin = findFerretdb(opts.ferretdbBin) ?? (opts.ferretdbBin ? undefined : installFerretdb(opts.log));
    if (bin) {
      const db = await attempt('ferretdb', () => startFerretdb(bin, opts));
      if (db) return db;
    } else tried.push('no FerretDB binary and it could not be built');
  }
  throw new NoDatabaseError(tried);
}
