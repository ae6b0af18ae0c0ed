// Starts the embedded FerretDB in a process of its own and prints its URI, for the orphan test.
import { startEmbeddedDatabase } from '../../src/data/embedded/index.js';

const db = await startEmbeddedDatabase('ferretdb', {
  dataDir: process.argv[2]!,
  startTimeoutMs: 30_000,
  downloadTimeoutMs: 1_000,
  log: { info: () => undefined, warn: () => undefined },
});
process.stdout.write(JSON.stringify({ uri: db.uri }) + '\n');
setInterval(() => undefined, 1000);
