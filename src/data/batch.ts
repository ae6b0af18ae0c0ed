type Document = Record<string, unknown>;
type AnyBulkWriteOperation = { updateOne: { filter: Document; update: Document } };
/** The driver collection's two bulk calls (mongoose's and the driver's types both fit). */
interface Collection {
  insertMany(docs: never[], options: { ordered: boolean }): Promise<unknown>;
  bulkWrite(ops: never[], options: { ordered: boolean }): Promise<unknown>;
}

/**
 * Write batching across concurrent callers: writes asked for in the same tick go to the database
 * as one command (`insert` with many documents, `update` with many statements), each caller
 * getting its own outcome. Every statement filters by bare `_id`, which FerretDB v1 answers from
 * its primary key; on MongoDB this is an ordinary unordered bulk write.
 */
export class BatchWriter {
  private inserts: Array<{ doc: Document; done: (err?: unknown) => void }> = [];
  private updates: Array<{ op: AnyBulkWriteOperation; done: (err?: unknown) => void }> = [];
  private scheduled = false;
  private lazyTimer?: NodeJS.Timeout;

  constructor(private readonly collection: () => unknown) {}

  /** Inserts one document; a duplicate `_id` rejects with the driver's error (code 11000). */
  insert(doc: Document): Promise<void> {
    return new Promise((resolve, reject) => {
      this.inserts.push({ doc, done: (err) => (err ? reject(err) : resolve()) });
      this.schedule();
    });
  }

  /** Applies `update` to the document with this `_id`. */
  updateById(id: unknown, update: Document): Promise<void> {
    return new Promise((resolve, reject) => {
      this.updates.push({
        op: { updateOne: { filter: { _id: id } as Document, update } },
        done: (err) => (err ? reject(err) : resolve()),
      });
      this.schedule();
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
      this.lazyTimer ??= setTimeout(() => this.schedule(), delayMs);
    });
  }

  /** Writes everything waiting now. */
  async flushNow(): Promise<void> {
    await this.flush();
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
    const inserts = this.inserts.splice(0);
    const updates = this.updates.splice(0);
    if (inserts.length)
      await this.run(inserts, () =>
        (this.collection() as Collection).insertMany(inserts.map((i) => i.doc) as never[], {
          ordered: false,
        }),
      );
    if (updates.length)
      await this.run(updates, () =>
        (this.collection() as Collection).bulkWrite(updates.map((u) => u.op) as never[], { ordered: false }),
      );
  }

  /** Runs one command for the batch; a write error is handed to the caller whose write failed. */
  private async run(batch: Array<{ done: (err?: unknown) => void }>, command: () => Promise<unknown>) {
    try {
      await command();
      for (const b of batch) b.done();
    } catch (err) {
      const failed = new Map<number, unknown>();
      const writeErrors = (err as { writeErrors?: Array<{ index: number; errmsg?: string; code?: number }> })
        .writeErrors;
      if (!writeErrors) {
        for (const b of batch) b.done(err);
        return;
      }
      for (const e of [writeErrors].flat())
        failed.set(e.index, Object.assign(new Error(e.errmsg ?? 'write failed'), { code: e.code }));
      batch.forEach((b, i) => b.done(failed.get(i)));
    }
  }
}
