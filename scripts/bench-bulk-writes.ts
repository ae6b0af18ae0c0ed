/**
 * `npm run bench:bulk` (BENCH_DOCS=2000): the write shapes the code uses against the embedded
 * FerretDB v1 (or MONGODB_URI), each timed alone and with a chatter of small reads and writes
 * beside it (what the live service does meanwhile): one bulkWrite of every statement, bulkWrites
 * in chunks of 100, and one command per document by bare `_id`. A shape that takes longer than
 * BENCH_STALL_S (60 s) is reported as stalled and its server replaced. Issue #15: FerretDB v1 was
 * seen to stall for minutes on a bulk of updates at start-up.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose, { Types } from 'mongoose';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../src/data/embedded/index.js';
import { MAX_STATEMENTS_PER_COMMAND } from '../src/data/batch.js';

const N = Number(process.env.BENCH_DOCS ?? 2000);
const STALL_MS = Number(process.env.BENCH_STALL_S ?? 60) * 1000;
const { MongoClient } = mongoose.mongo;
type Db = mongoose.mongo.Db;
type Coll = mongoose.mongo.Collection<Record<string, unknown>>;
const quiet = { info: () => undefined, warn: () => undefined };

interface Server {
  db: Db;
  client: mongoose.mongo.MongoClient;
  stop(): Promise<void>;
}

async function server(): Promise<Server> {
  const dir = mkdtempSync(join(tmpdir(), 'wuye-bench-bulk-'));
  let embedded: EmbeddedDatabase | undefined;
  let uri = process.env.MONGODB_URI;
  if (!uri) {
    embedded = await startEmbeddedDatabase('ferretdb', {
      dataDir: dir,
      startTimeoutMs: 30_000,
      downloadTimeoutMs: 0,
      log: quiet,
    });
    uri = embedded.uri;
  }
  const client = await new MongoClient(uri).connect();
  return {
    db: client.db(`bench_bulk_${Date.now()}`),
    client,
    async stop() {
      await client.close(true).catch(() => undefined);
      await embedded?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const chunks = <T>(xs: T[], size: number) =>
  Array.from({ length: Math.ceil(xs.length / size) }, (_, i) => xs.slice(i * size, (i + 1) * size));

/** Small reads and writes by `_id` every 20 ms while `work` runs; their slowest, in ms. */
async function withChatter(db: Db, work: () => Promise<void>): Promise<{ worst: number; count: number }> {
  const c = db.collection('chatter');
  let running = true;
  let worst = 0;
  let count = 0;
  const loop = (async () => {
    while (running) {
      const t = Date.now();
      const _id = new Types.ObjectId();
      await c.insertOne({ _id, at: new Date() });
      await c.findOne({ _id });
      worst = Math.max(worst, Date.now() - t);
      count++;
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  try {
    await work();
  } finally {
    running = false;
    await loop.catch(() => undefined);
  }
  return { worst, count };
}

interface Shape {
  name: string;
  /** Fills the collection; returns what `write` needs. */
  prepare(c: Coll): Promise<Types.ObjectId[]>;
  write(c: Coll, ids: Types.ObjectId[]): Promise<void>;
}

const docs = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    _id: new Types.ObjectId(),
    name: i % 2 ? 'ticket-overdue' : 'notice',
    n: i,
    lockedAt: null,
    nextRunAt: new Date(Date.now() - 1000),
    text: `document ${i} ${'x'.repeat(200)}`,
  }));
const fill = async (c: Coll, n = N) => {
  const d = docs(n);
  for (const part of chunks(d, 500)) await c.insertMany(part, { ordered: false });
  return d.map((x) => x._id);
};

const updateOp = (_id: Types.ObjectId, i: number) => ({
  updateOne: { filter: { _id }, update: { $set: { n: -i, touched: true } } },
});
const shapes: Shape[] = [
  // import-service (changed rows), batch.ts (reaction marks), ticket-lookup before b95e28f
  {
    name: `update by _id: one bulkWrite of ${N}`,
    prepare: (c) => fill(c),
    write: async (c, ids) => void (await c.bulkWrite(ids.map(updateOp), { ordered: false })),
  },
  {
    name: `update by _id: bulkWrite of 500 (import batch)`,
    prepare: (c) => fill(c),
    write: async (c, ids) => {
      for (const part of chunks(ids, 500)) await c.bulkWrite(part.map(updateOp), { ordered: false });
    },
  },
  ...[100, 99, MAX_STATEMENTS_PER_COMMAND].map((size): Shape => ({
    name: `update by _id: bulkWrite of ${size}`,
    prepare: (c) => fill(c),
    write: async (c, ids) => {
      for (const part of chunks(ids, size)) await c.bulkWrite(part.map(updateOp), { ordered: false });
    },
  })),
  {
    name: `update by _id: one updateOne each`,
    prepare: (c) => fill(c),
    write: async (c, ids) => {
      for (const [i, _id] of ids.entries()) await c.updateOne({ _id }, { $set: { n: -i, touched: true } });
    },
  },
  // import-service: changed people get a unit link pushed too
  {
    name: `update $set+$push by _id: bulkWrite of 500`,
    prepare: (c) => fill(c),
    write: async (c, ids) => {
      for (const part of chunks(ids, 500))
        await c.bulkWrite(
          part.map((_id) => ({
            updateOne: {
              filter: { _id },
              update: { $set: { touched: true }, $push: { units: { unitId: _id, relation: 'owner' } } },
            },
          })) as never,
          { ordered: false },
        );
    },
  },
  // open-tickets before b95e28f: replaces with upsert
  {
    name: `replace+upsert by _id: bulkWrite of 500`,
    prepare: (c) => fill(c),
    write: async (c, ids) => {
      for (const part of chunks(ids, 500))
        await c.bulkWrite(
          part.map((_id) => ({ replaceOne: { filter: { _id }, replacement: { v: 2 }, upsert: true } })),
          { ordered: false },
        );
    },
  },
  {
    name: `replace+upsert by _id: one replaceOne each`,
    prepare: (c) => fill(c),
    write: async (c, ids) => {
      for (const _id of ids) await c.replaceOne({ _id }, { v: 2 }, { upsert: true });
    },
  },
  // retention: deletes by _id, 1000 a command
  {
    name: `delete by _id: bulkWrite of 1000 (retention)`,
    prepare: (c) => fill(c),
    write: async (c, ids) => {
      for (const part of chunks(ids, 1000))
        await c.bulkWrite(
          part.map((_id) => ({ deleteOne: { filter: { _id } } })),
          { ordered: false },
        );
    },
  },
  {
    name: `delete by _id: bulkWrite of 100`,
    prepare: (c) => fill(c),
    write: async (c, ids) => {
      for (const part of chunks(ids, 100))
        await c.bulkWrite(
          part.map((_id) => ({ deleteOne: { filter: { _id } } })),
          { ordered: false },
        );
    },
  },
  {
    name: `delete by _id: deleteMany $in of 100`,
    prepare: (c) => fill(c),
    write: async (c, ids) => {
      for (const part of chunks(ids, 100)) await c.deleteMany({ _id: { $in: part } });
    },
  },
  {
    name: `delete by _id: one deleteOne each`,
    prepare: (c) => fill(c),
    write: async (c, ids) => {
      for (const _id of ids) await c.deleteOne({ _id });
    },
  },
  // ferretdb-safe-locking: 20 conditional locks by _id per command, among N stored jobs
  {
    name: `job locks (_id + conditions): bulkWrite of 20, 10 rounds`,
    prepare: (c) => fill(c),
    write: async (c, ids) => {
      for (const part of chunks(ids.slice(0, 200), 20))
        await c.bulkWrite(
          part.map((_id) => ({
            updateOne: {
              filter: { _id, lockedAt: null, disabled: { $ne: true } },
              update: { $set: { lockedAt: new Date(), lastModifiedBy: 'bench' } },
            },
          })),
          { ordered: false },
        );
    },
  },
  {
    name: `job locks (_id + conditions): one updateOne each, 200`,
    prepare: (c) => fill(c),
    write: async (c, ids) => {
      for (const _id of ids.slice(0, 200))
        await c.updateOne(
          { _id, lockedAt: null, disabled: { $ne: true } },
          { $set: { lockedAt: new Date(), lastModifiedBy: 'bench' } },
        );
    },
  },
  // ferretdb-safe-locking: removals of finished one-shot jobs, one bulk per moment
  {
    name: `job removals: bulkWrite of 20 deletes, 10 rounds`,
    prepare: (c) => fill(c),
    write: async (c, ids) => {
      for (const part of chunks(ids.slice(0, 200), 20))
        await c.bulkWrite(
          part.map((_id) => ({ deleteOne: { filter: { _id } } })),
          { ordered: false },
        );
    },
  },
  {
    name: `job removals: deleteMany $in of 20, 10 rounds`,
    prepare: (c) => fill(c),
    write: async (c, ids) => {
      for (const part of chunks(ids.slice(0, 200), 20)) await c.deleteMany({ _id: { $in: part } });
    },
  },
  // import-service new rows, ticket-lookup first index: inserts of new documents
  {
    name: `insertMany of new documents: 500 a command`,
    prepare: async () => [],
    write: async (c) => {
      for (const part of chunks(docs(N), 500)) await c.insertMany(part, { ordered: false });
    },
  },
];

const only = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : undefined;
let s = await server();
console.log(`${process.env.MONGODB_URI ? 'MongoDB' : 'FerretDB v1 (embedded)'}; ${N} documents per shape`);
console.log(
  'shape'.padEnd(58),
  'alone_s'.padStart(8),
  'chatter_s'.padStart(10),
  'chat_worst_ms'.padStart(14),
);
for (const shape of shapes.filter((x) => !only || only.test(x.name))) {
  const times: string[] = [];
  let worst = '';
  for (const chatter of [false, true]) {
    const c = s.db.collection(`shape_${Date.now()}`);
    const ids = await shape.prepare(c);
    const t = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const stalled = new Promise<'stalled'>((r) => (timer = setTimeout(() => r('stalled'), STALL_MS)));
    const work = chatter
      ? withChatter(s.db, () => shape.write(c, ids)).then((w) => (worst = String(w.worst)))
      : shape.write(c, ids);
    const outcome = await Promise.race([work.then(() => 'done' as const), stalled]);
    clearTimeout(timer);
    if (outcome === 'stalled') {
      times.push(`>${STALL_MS / 1000}`);
      work.catch(() => undefined);
      await s.stop();
      s = await server();
      continue;
    }
    times.push(((Date.now() - t) / 1000).toFixed(2));
    await c.drop().catch(() => undefined);
  }
  console.log(shape.name.padEnd(58), times[0]!.padStart(8), times[1]!.padStart(10), worst.padStart(14));
}
await s.stop();
