import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../src/data/embedded/index.js';

/** MONGODB_URI when set, else an embedded database in a temporary folder (stopped by `stop`). */
export async function benchDatabase(prefix: string): Promise<{
  uri: string;
  kind: string;
  dataDir?: string;
  stop(): Promise<void>;
}> {
  const given = process.env.MONGODB_URI;
  if (given) return { uri: given, kind: 'MONGODB_URI', stop: async () => undefined };
  const dataDir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  const embedded: EmbeddedDatabase = await startEmbeddedDatabase('auto', {
    dataDir,
    startTimeoutMs: 60_000,
    downloadTimeoutMs: 20_000,
    log: { info() {}, warn() {} },
  });
  return {
    uri: embedded.uri,
    kind: embedded.kind,
    dataDir,
    async stop() {
      await embedded.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The p-th percentile of a sample (nearest rank). */
export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}
