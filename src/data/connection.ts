import mongoose from 'mongoose';
import type { Config } from '../config/schema.js';
import type { Logger } from '../log.js';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './embedded/index.js';
import * as models from './models/index.js';

export interface Database {
  /** 'external' when MONGODB_URI was given, else the embedded server's kind. */
  kind: 'external' | EmbeddedDatabase['kind'];
  uri: string;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** Every model, so indexes can be built at start (FerretDB and MongoDB both build them). */
export const ALL_MODELS: Array<{ createIndexes(): Promise<unknown> }> = Object.values(models).filter(
  (m) => typeof m === 'function' && 'createIndexes' in m,
) as never;

function redact(uri: string): string {
  return uri.replace(/\/\/[^@/]*@/, '//***@');
}

/**
 * Connects mongoose: to MONGODB_URI when set (it always wins), otherwise to an embedded database
 * this process starts and stops itself.
 */
export async function openDatabase(config: Config, log: Logger, dbName = config.db.name): Promise<Database> {
  let embedded: EmbeddedDatabase | undefined;
  let uri = config.db.uri;
  if (!uri) {
    if (config.db.embedded === 'off')
      throw new Error('db.uri (MONGODB_URI) is required when db.embedded is off');
    embedded = await startEmbeddedDatabase(config.db.embedded, {
      dataDir: config.dataDir,
      startTimeoutMs: config.db.startTimeout,
      downloadTimeoutMs: config.db.downloadTimeout,
      ferretdbBin: config.db.ferretdbBin,
      log: log.child({ component: 'embedded-db' }),
    });
    uri = embedded.uri;
  }
  mongoose.set('strictQuery', true);
  try {
    await mongoose.connect(uri, { dbName, serverSelectionTimeoutMS: 10_000, autoIndex: false });
    await Promise.all(ALL_MODELS.map((m) => m.createIndexes()));
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
  log.info({ uri: redact(uri), dbName, kind: embedded?.kind ?? 'external' }, 'database connected');
  return {
    kind: embedded?.kind ?? 'external',
    uri,
    async ping() {
      try {
        await mongoose.connection.db!.command({ ping: 1 });
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await mongoose.disconnect();
      await embedded?.stop();
    },
  };
}
