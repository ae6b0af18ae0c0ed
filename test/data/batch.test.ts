import mongoose, { Types } from 'mongoose';
import {
  BatchWriter,
  MAX_STATEMENTS_PER_COMMAND,
  bulkWriteInChunks,
  withBatchWindow,
} from '../../src/data/batch.js';
import { useTestDatabase } from '../support/db.js';

useTestDatabase();

/** A collection that records each bulk command and fails the statements asked for. */
function recorder(failIds: Set<string> = new Set()) {
  const commands: number[] = [];
  return {
    commands,
    insertMany: async () => undefined,
    bulkWrite: async (ops: Array<{ updateOne: { filter: { _id: string } } }>) => {
      commands.push(ops.length);
      const writeErrors = ops
        .map((op, index) => ({ index, id: op.updateOne.filter._id }))
        .filter((o) => failIds.has(o.id))
        .map((o) => ({ index: o.index, errmsg: `failed ${o.id}`, code: 11000 }));
      if (writeErrors.length) throw Object.assign(new Error('bulk'), { writeErrors });
    },
  };
}

describe('BatchWriter', () => {
  it('sends the updates of one moment as commands of at most MAX_STATEMENTS_PER_COMMAND statements', async () => {
    const c = recorder();
    const w = new BatchWriter(() => c);
    await Promise.all(Array.from({ length: 120 }, (_, i) => w.updateById(`d${i}`, { $set: { i } })));
    expect(c.commands).toEqual([50, 50, 20]);
    expect(Math.max(...c.commands)).toBeLessThanOrEqual(MAX_STATEMENTS_PER_COMMAND);
  });

  it('hands each caller its own outcome when a statement in a later command fails', async () => {
    const c = recorder(new Set(['d7', 'd77']));
    const w = new BatchWriter(() => c);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 100 }, (_, i) => w.updateById(`d${i}`, { $set: { i } })),
    );
    const rejected = outcomes.flatMap((o, i) => (o.status === 'rejected' ? [i] : []));
    expect(rejected).toEqual([7, 77]);
    expect((outcomes[77] as PromiseRejectedResult).reason).toMatchObject({
      message: 'failed d77',
      code: 11000,
    });
  });

  it('in a batch window, joins inserts asked for at different moments into one command', async () => {
    const inserted: number[] = [];
    const c = { ...recorder(), insertMany: async (docs: unknown[]) => void inserted.push(docs.length) };
    const w = new BatchWriter(() => c);
    const later = (ms: number, i: number) =>
      withBatchWindow(40, async () => {
        await new Promise((r) => setTimeout(r, ms));
        await w.insert({ _id: `d${i}` });
      });
    await Promise.all([later(0, 1), later(5, 2), later(10, 3)]);
    expect(inserted).toEqual([3]);
    // outside a window each goes at once
    await Promise.all(
      [1, 2].map(async (i) => (await new Promise((r) => setTimeout(r, i * 5)), w.insert({ i }))),
    );
    expect(inserted).toEqual([3, 1, 1]);
  });

  it('writes 300 updates by _id of one moment on the test database without stalling it', async () => {
    // FerretDB v1 stalls the whole server on one `update` command of 100 statements or more
    const coll = mongoose.connection.db!.collection<{ _id: Types.ObjectId; v: number }>('batch_many');
    const ids = Array.from({ length: 300 }, () => new Types.ObjectId());
    await coll.insertMany(ids.map((_id) => ({ _id, v: 0 })));
    const w = new BatchWriter(() => coll);
    await Promise.all(ids.map((id) => w.updateById(id, { $set: { v: 1 } })));
    expect(await coll.countDocuments({ v: 1 })).toBe(300);
  }, 60_000);
});

describe('bulkWriteInChunks', () => {
  it('tries every chunk and reports the failed statements by their index in the whole list', async () => {
    const c = recorder(new Set(['d3', 'd60', 'd110']));
    const ops = Array.from({ length: 120 }, (_, i) => ({
      updateOne: { filter: { _id: `d${i}` }, update: { $set: { i } } },
    }));
    const err = (await bulkWriteInChunks(c, ops).catch((e: unknown) => e)) as {
      writeErrors: Array<{ index: number }>;
    };
    expect(c.commands).toEqual([50, 50, 20]);
    expect(err.writeErrors.map((e) => e.index)).toEqual([3, 60, 110]);
  });

  it('stops at a failure that is not a statement’s (the database is gone)', async () => {
    const commands: number[] = [];
    const down = {
      bulkWrite: async (ops: unknown[]) => {
        commands.push(ops.length);
        throw new Error('connection closed');
      },
    };
    await expect(bulkWriteInChunks(down, new Array(120).fill({}))).rejects.toThrow('connection closed');
    expect(commands).toEqual([50]);
  });
});
