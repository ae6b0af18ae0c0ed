import mongoose from 'mongoose';
import type { Config } from '../config/schema.js';
import type { Logger } from '../log.js';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './embedded/index.js';
import * as models from './models/index.js';
import { Outbox, OutboxHistory } from '../notify/outbox.js';
import { flushTickets } from './ticket-store.js';
import { JobClaim } from './claims.js';
import { Renovation } from '../renovation/model.js';
import { FeePeriod, FeeRecord } from '../fees/model.js';
import { SURVEY_MODELS } from '../surveys/models.js';

export interface Database {
  /** 'external' when MONGODB_URI was given, else the embedded server's kind. */
  kind: 'external' | EmbeddedDatabase['kind'];
  uri: string;
  /** One ping, given at most `timeoutMs` (default 2 s): false when the database does not answer. */
  ping(timeoutMs?: number): Promise<boolean>;
  /**
   * A cheap hint, no round trip: false while the embedded server is down (restarting) or the
   * driver has lost the server. A true can still be followed by a failing command.
   */
  isUp(): boolean;
  /** The embedded server this process started, if any (its pid, restarts). */
  embedded?: EmbeddedDatabase;
  close(): Promise<void>;
}

/**
 * Every model, so collections and indexes exist before any write: FerretDB fails one of two
 * processes that create the same collection at once by inserting into it.
 */
export const ALL_MODELS: Array<{ createIndexes(): Promise<unknown>; createCollection(): Promise<unknown> }> =
  [
    ...Object.values(models).filter((m) => typeof m === 'function' && 'createIndexes' in m),
    Outbox,
    OutboxHistory,
    JobClaim,
    Renovation,
    FeeRecord,
    FeePeriod,
    ...SURVEY_MODELS,
  ] as never;

export async function ensureCollections(): Promise<void> {
  for (const m of ALL_MODELS) {
    await m.createCollection().catch(() => undefined); // exists already
    await m.createIndexes();
  }
}

function redact(uri: string): string {
  return uri.replace(/\/\/[^@/]*@/, '//***@');
}

/**
 * Connects mongoose: to MONGODB_URI when set (it always wins), otherwise to an embedded database
 * this process starts and stops itself.
 */
export async function openDatabase(
  config: Config,
  log: Logger,
  dbName = config.db.name,
  opts: { monitorCommands?: boolean } = {},
): Promise<Database> {
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
      restartMinDelayMs: config.db.restartMinDelay,
      restartMaxDelayMs: config.db.restartMaxDelay,
      log: log.child({ component: 'embedded-db' }),
    });
    uri = embedded.uri;
  }
  mongoose.set('strictQuery', true);
  try {
    await mongoose.connect(uri, {
      dbName,
      serverSelectionTimeoutMS: 10_000,
      autoIndex: false,
      monitorCommands: opts.monitorCommands ?? false,
    });
    await ensureCollections();
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
  log.info({ uri: redact(uri), dbName, kind: embedded?.kind ?? 'external' }, 'database connected');
  return {
    kind: embedded?.kind ?? 'external',
    uri,
    embedded,
    async ping(timeoutMs = 2000) {
      let timer: NodeJS.Timeout | undefined;
      try {
        const db = mongoose.connection.db;
        if (!db) return false;
        const timeout = new Promise<false>((r) => (timer = setTimeout(() => r(false), timeoutMs)));
        const answer = db.command({ ping: 1 }, { timeoutMS: timeoutMs }).then(() => true);
        answer.catch(() => undefined); // a late failure after the timeout is not unhandled
        return await Promise.race([answer, timeout]);
      } catch {
        return false;
      } finally {
        clearTimeout(timer);
      }
    },
    isUp() {
      if (embedded?.isUp && !embedded.isUp()) return false;
      return mongoose.connection.readyState === mongoose.ConnectionStates.connected;
    },
    async close() {
      // open tickets' changes still waiting to be written behind their copies
      await flushTickets().catch(() => undefined);
      await mongoose.disconnect();
      await embedded?.stop();
    },
  };
}
