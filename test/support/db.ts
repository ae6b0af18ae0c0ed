import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { ensureCollections } from '../../src/data/connection.js';

/** Connects mongoose to a database of this test file's own; dropped after the file. */
export function useTestDatabase(): { dbName: string } {
  const ctx = { dbName: `t_${randomBytes(6).toString('hex')}` };
  beforeAll(async () => {
    const uri = process.env.MONGODB_URI;
    if (!uri) throw new Error('MONGODB_URI is not set: the jest global setup did not run');
    await mongoose.connect(uri, { dbName: ctx.dbName, autoIndex: false, serverSelectionTimeoutMS: 10_000 });
    await ensureCollections();
  });
  afterAll(async () => {
    await mongoose.connection.db?.dropDatabase().catch(() => undefined);
    await mongoose.disconnect();
  });
  return ctx;
}
