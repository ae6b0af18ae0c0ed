import { jest } from '@jest/globals';
import { Agenda } from 'agenda';
import { MongoBackend } from '@agendajs/mongo-backend';
import mongoose from 'mongoose';
import { makeLockingSafe } from '../../src/scheduler/ferretdb-safe-locking.js';
import { useTestDatabase } from '../support/db.js';
import { sleep, waitFor } from '../support/scheduler.js';

useTestDatabase();

const LIFETIME = 2000;
const jobs = () => mongoose.connection.db!.collection('agendaJobs');
const locks = () => mongoose.connection.db!.collection('agendaLocks');

/** Agenda with the FerretDB locking applied (it runs on MongoDB as well: only its cost differs). */
function worker(name: string, ran: string[]): Agenda {
  const backend = new MongoBackend({ mongo: mongoose.connection.db as never, collection: 'agendaJobs' });
  const agenda = new Agenda({
    backend,
    name,
    processEvery: 100,
    defaultLockLifetime: LIFETIME,
    removeOnComplete: true,
  });
  agenda.define('work', async (job) => void ran.push(String((job.attrs.data as { n: number }).n)));
  makeLockingSafe(backend, {
    workerName: name,
    processEvery: 100,
    lockLifetime: LIFETIME,
    removedOnComplete: () => true,
    jobNames: () => Object.keys(agenda.definitions),
    locks: locks(),
  });
  return agenda;
}

describe('job locking on FerretDB (lock documents)', () => {
  it('runs each due job once, then removes it and its lock', async () => {
    const ran: string[] = [];
    const agenda = worker('w1', ran);
    const due = new Date(Date.now() - 1000);
    for (let n = 0; n < 30; n++) await agenda.create('work', { n }).schedule(due).save();
    await agenda.start();
    try {
      await waitFor(
        async () => ran.length,
        (k) => k >= 30,
      );
      await sleep(1500); // removals and lock releases go once a second
      expect(ran.sort()).toEqual(Array.from({ length: 30 }, (_, n) => String(n)).sort());
      expect(await jobs().countDocuments({ name: 'work' })).toBe(0);
      expect(await locks().countDocuments()).toBe(0);
    } finally {
      await agenda.stop();
    }
  });

  it('leaves jobs other workers locked for a lock lifetime, then takes over the locks they left', async () => {
    const ran: string[] = [];
    const agenda = worker('w1', ran);
    const due = new Date(Date.now() - 1000);
    const a = await agenda.create('work', { n: 100 }).schedule(due).save();
    const b = await agenda.create('work', { n: 101 }).schedule(due).save();
    const key = (id: unknown) => `${String(id)}:${due.getTime()}`;
    await locks().insertMany([
      { _id: key(a.attrs._id) as never, by: 'w2', at: new Date() },
      { _id: key(b.attrs._id) as never, by: 'w3', at: new Date(Date.now() - 3 * LIFETIME) },
    ]);
    await agenda.start();
    try {
      await sleep(LIFETIME / 2);
      expect(ran).toEqual([]); // a lock is not even read before it could be stale
      await waitFor(
        async () => ran,
        (r) => r.length >= 2,
        3 * LIFETIME + 3000,
      );
      await sleep(500);
      expect(ran.sort()).toEqual(['100', '101']); // each taken over once, and run once
    } finally {
      await agenda.stop();
    }
  });

  it('drops removals it cannot write once its database client is closed, instead of retrying for good', async () => {
    // a worker on a client of its own, closed while its last job still runs (a stopping process)
    const conn = await mongoose
      .createConnection(process.env.MONGODB_URI!, { dbName: mongoose.connection.db!.databaseName })
      .asPromise();
    const backend = new MongoBackend({ mongo: conn.db as never, collection: 'agendaJobs' });
    const agenda = new Agenda({
      backend,
      name: 'w9',
      processEvery: 100,
      defaultLockLifetime: LIFETIME,
      removeOnComplete: true,
    });
    let release = () => {};
    const gate = new Promise<void>((r) => (release = r));
    let started = 0;
    agenda.define('slow', async () => {
      started++;
      await gate;
    });
    makeLockingSafe(backend, {
      workerName: 'w9',
      processEvery: 100,
      lockLifetime: LIFETIME,
      removedOnComplete: () => true,
      jobNames: () => Object.keys(agenda.definitions),
      locks: conn.db!.collection('agendaLocks'),
    });
    await agenda
      .create('slow', {})
      .schedule(new Date(Date.now() - 1000))
      .save();
    await agenda.start();
    await waitFor(
      async () => started,
      (n) => n >= 1,
    );
    const deletes = jest.spyOn(mongoose.mongo.Collection.prototype, 'deleteMany');
    try {
      await conn.close(true);
      release(); // the job ends: its removal is queued and fails on the closed client
      const tries = () =>
        deletes.mock.contexts.filter(
          (c) => (c as { collectionName?: string }).collectionName === 'agendaJobs',
        ).length;
      await sleep(1500); // the failed write (once)
      const settled = tries();
      await sleep(2500);
      expect(tries() - settled).toBe(0); // it was: one more try a second, for as long as the process lived
    } finally {
      deletes.mockRestore();
      await agenda.stop().catch(() => undefined);
    }
  });
});
