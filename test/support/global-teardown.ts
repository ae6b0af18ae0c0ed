import { rmSync } from 'node:fs';
import type { EmbeddedDatabase } from '../../src/data/embedded/index.js';

export default async function globalTeardown(): Promise<void> {
  const g = globalThis as { __testDb?: EmbeddedDatabase; __testDataDir?: string };
  await g.__testDb?.stop();
  if (g.__testDataDir) rmSync(g.__testDataDir, { recursive: true, force: true });
}
