import { AsyncLocalStorage } from 'node:async_hooks';

type Document = Record<string, unknown>;
type AnyBulkWriteOperation = { updateOne: { filter: Document; update: Document } };
/** The driver collection's two bulk calls (mongoose's and the driver's types both fit). */
interface Collection {
  insertMany(docs: never[], options: { ordered: boolean }): Promise<unknown>;
  bulkWrite(ops: never[], options: { ordered: boolean }): Promise<unknown>;
  deleteMany(filter: Document): Promise<unknown>;
}

/**
 * At most this many statements go to the database in one bulk write. FerretDB v1 (SQLite) holds
 * one pooled SQLite connection per update statement until the whole command ends, and its pool
 * has 100: an `update` command of 100 statements or more waits for a connection that never comes,
 * and every other command with it, ping included (`npm run bench:bulk`: 99 statements 0.3 s, 100
 * stalled the whole server for minutes). Deletes and inserts do not hold connections, but are
 * kept to the same size so that no command holds the server long.
 */
export const MAX_STATEMENTS_PER_COMMAND = 50;

/** Inserts hold no pooled connection: a batch of them goes in commands of up to this many. */
const MAX_DOCUMENTS_PER_INSERT = 200;

type WriteError = { index: number; errmsg?: string; code?: number };

/** The failed statements of a bulk write error, by index (none: not a statement's failure). */
function writeErrorsOf(err: unknown): WriteError[] | undefined {
  const w = (err as { writeErrors?: WriteError | WriteError[] }).writeErrors;
  // the driver's WriteError exposes its fields as getters: copied by name
  return w ? [w].flat().map((e) => ({ index: e.index, errmsg: e.errmsg, code: e.code })) : undefined;
}

/**
 * `collection.bulkWrite(ops)` sent as commands of at most MAX_STATEMENTS_PER_COMMAND statements,
 * one after the other. Unordered: every chunk is tried, and a statement's failure is thrown after
 * all, as an error whose `writeErrors` name every failed statement by its index in `ops`. Any
 * other failure (the database, the command) is thrown at once.
 */
export async function bulkWriteInChunks(collection: unknown, ops: object[]): Promise<void> {
  let failure: (Error & { writeErrors: WriteError[] }) | undefined;
  for (let i = 0; i < ops.length; i += MAX_STATEMENTS_PER_COMMAND) {
    try {
      await (collection as Collection).bulkWrite(ops.slice(i, i + MAX_STATEMENTS_PER_COMMAND) as never[], {
        ordered: false,
      });
    } catch (err) {
      const failed = writeErrorsOf(err)?.map((w) => ({ ...w, index: w.index + i }));
      if (!failed) throw err;
      failure ??= Object.assign(new Error(failed[0]?.errmsg ?? 'bulk write failed', { cause: err }), {
        writeErrors: [] as WriteError[],
      });
      failure.writeErrors.push(...failed);
    }
  }
  if (failure) throw failure;
}

const window = new AsyncLocalStorage<number>();

/**
 * Runs `fn` with its batched writes (BatchWriter `insert` and `updateById`) waiting up to `ms` for
 * company instead of going out in the same tick. For work where throughput counts more than a few
 * milliseconds: the scheduler's jobs, which run forty at a time but reach each write at different
 * moments (measured in `npm run bench:jobs`: within one tick, 4,747 inserts for 1,000 jobs' 4,800
 * documents; each insert then waited behind the others for FerretDB's one SQLite writer).
 */
export function withBatchWindow<T>(ms: number, fn: () => Promise<T>): Promise<T> {
  return window.run(ms, fn);
}

/**
 * Runs `fn` outside any batch window: for a hand-off from a job to work that outlives it (the
 * sender taking a queued row), whose writes would otherwise wait like the job's, and so would
 * everything chained after them (a chat's later messages).
 */
export function outsideBatchWindow<T>(fn: () => T): T {
  return window.exit(fn);
}

/**
 * Write batching across concurrent callers: writes asked for in the same tick go to the database
 * as one command (`insert` with many documents, `update` with up to MAX_STATEMENTS_PER_COMMAND
 * statements per command), each caller getting its own outcome. Every statement filters by bare
 * `_id`, which FerretDB v1 answers from its primary key; on MongoDB this is an ordinary unordered
 * bulk write.
 */
export class BatchWriter {
  private inserts: Array<{ doc: Document; done: (err?: unknown) => void }> = [];
  private updates: Array<{ op: AnyBulkWriteOperation; done: (err?: unknown) => void }> = [];
  private deletes: Array<{ id: unknown; done: (err?: unknown) => void }> = [];
  private scheduled = false;
  private lazyTimer?: NodeJS.Timeout;
  private lazyAt = Infinity;

  constructor(private readonly collection: () => unknown) {}

  /** Inserts one document; a duplicate `_id` rejects with the driver's error (code 11000). */
  insert(doc: Document): Promise<void> {
    return new Promise((resolve, reject) => {
      this.inserts.push({ doc, done: (err) => (err ? reject(err) : resolve()) });
      this.scheduleFor(window.getStore());
    });
  }

  /** Applies `update` to the document with this `_id`. */
  updateById(id: unknown, update: Document): Promise<void> {
    return new Promise((resolve, reject) => {
      this.updates.push({
        op: { updateOne: { filter: { _id: id } as Document, update } },
        done: (err) => (err ? reject(err) : resolve()),
      });
      this.scheduleFor(window.getStore());
    });
  }

  /**
   * Like `updateById`, but the write may wait up to `delayMs` for company: it goes with the next
   * batch (or alone when the delay is over). For writes whose loss in a crash is harmless.
   */
  updateByIdSoon(id: unknown, update: Document, delayMs = 250): Promise<void> {
    return new Promise((resolve, reject) => {
      this.updates.push({
        op: { updateOne: { filter: { _id: id } as Document, update } },
        done: (err) => (err ? reject(err) : resolve()),
      });
      this.flushWithin(delayMs);
    });
  }

  /**
   * Deletes the document with this `_id`, waiting up to `delayMs` for company: the deletes of a
   * moment go as one `deleteMany` by `_id` list per MAX_STATEMENTS_PER_COMMAND.
   */
  deleteByIdSoon(id: unknown, delayMs = 250): Promise<void> {
    return new Promise((resolve, reject) => {
      this.deletes.push({ id, done: (err) => (err ? reject(err) : resolve()) });
      this.flushWithin(delayMs);
    });
  }

  /** Writes everything waiting now. */
  async flushNow(): Promise<void> {
    await this.flush();
  }

  /** At once (next tick), or within `waitMs` when the caller runs in a batch window. */
  private scheduleFor(waitMs: number | undefined): void {
    if (waitMs === undefined) this.schedule();
    else this.flushWithin(waitMs);
  }

  /** The waiting writes go out within `ms` (sooner if an earlier deadline or a flush comes first). */
  private flushWithin(ms: number): void {
    const at = Date.now() + ms;
    if (this.lazyTimer && this.lazyAt <= at) return;
    if (this.lazyTimer) clearTimeout(this.lazyTimer);
    this.lazyAt = at;
    this.lazyTimer = setTimeout(() => this.schedule(), ms);
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.lazyTimer) clearTimeout(this.lazyTimer);
    this.lazyTimer = undefined;
    this.lazyAt = Infinity;
    const inserts = this.inserts.splice(0);
    const updates = this.updates.splice(0);
    const deletes = this.deletes.splice(0);
    for (let i = 0; i < inserts.length; i += MAX_DOCUMENTS_PER_INSERT) {
      const chunk = inserts.slice(i, i + MAX_DOCUMENTS_PER_INSERT);
      await this.run(chunk, () =>
        (this.collection() as Collection).insertMany(chunk.map((c) => c.doc) as never[], { ordered: false }),
      );
    }
    for (let i = 0; i < updates.length; i += MAX_STATEMENTS_PER_COMMAND) {
      const chunk = updates.slice(i, i + MAX_STATEMENTS_PER_COMMAND);
      await this.run(chunk, () =>
        (this.collection() as Collection).bulkWrite(chunk.map((u) => u.op) as never[], { ordered: false }),
      );
    }
    for (let i = 0; i < deletes.length; i += MAX_STATEMENTS_PER_COMMAND) {
      const chunk = deletes.slice(i, i + MAX_STATEMENTS_PER_COMMAND);
      await this.run(chunk, () =>
        (this.collection() as Collection).deleteMany({ _id: { $in: chunk.map((d) => d.id) } }),
      );
    }
  }

  /** Runs one command for the batch (or chunk); a write error is handed to the caller whose write failed. */
  private async run(batch: Array<{ done: (err?: unknown) => void }>, command: () => Promise<unknown>) {
    try {
      await command();
      for (const b of batch) b.done();
    } catch (err) {
      const failed = new Map<number, unknown>();
      const writeErrors = writeErrorsOf(err);
      if (!writeErrors) {
        for (const b of batch) b.done(err);
        return;
      }
      for (const e of writeErrors)
        failed.set(e.index, Object.assign(new Error(e.errmsg ?? 'write failed'), { code: e.code }));
      batch.forEach((b, i) => b.done(failed.get(i)));
    }
  }
}

interface MovableCollection {
  find(filter: Document): { toArray(): Promise<Array<{ _id: unknown }>> };
  insertMany(docs: never[], options: { ordered: boolean }): Promise<unknown>;
  deleteMany(filter: Document): Promise<unknown>;
}

/**
 * The documents matching `filter` moved from one collection to another (an archive), a hundred
 * per command: inserted there first (a document already there from a move cut short is skipped),
 * then deleted here (FerretDB v1 reads the whole table once per delete statement, so one
 * `deleteMany` by `_id` list per hundred). Returns how many were moved.
 */
export async function moveDocuments(from: unknown, to: unknown, filter: Document): Promise<number> {
  const [source, target] = [from as MovableCollection, to as MovableCollection];
  const docs = await source.find(filter).toArray();
  for (let i = 0; i < docs.length; i += 100) {
    const chunk = docs.slice(i, i + 100);
    try {
      await target.insertMany(chunk as never[], { ordered: false });
    } catch (err) {
      const failed = writeErrorsOf(err);
      if (!failed?.every((e) => e.code === 11000)) throw err;
    }
    await source.deleteMany({ _id: { $in: chunk.map((d) => d._id) } });
  }
  return docs.length;
}
