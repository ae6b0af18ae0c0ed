import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import mongoose from 'mongoose';

const { MongoClient } = mongoose.mongo;
import { findFerretdb } from '../../src/data/embedded/ferretdb.js';
import { NoDatabaseError, startEmbeddedDatabase } from '../../src/data/embedded/index.js';

const quiet = { info: () => undefined, warn: () => undefined };
const portOpen = (uri: string) =>
  new Promise<boolean>((resolve) => {
    const { hostname, port } = new URL(uri);
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
const waitUntil = async (cond: () => Promise<boolean>, ms: number) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
};

const haveFerretdb = !!findFerretdb();
// The jest global setup builds FerretDB unless MONGODB_URI points elsewhere; without it there is nothing to test here.
(haveFerretdb ? describe : describe.skip)('embedded FerretDB', () => {
  const dirs: string[] = [];
  const tmp = () => {
    const dir = mkdtempSync(join(tmpdir(), 'wuye-embedded-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('starts, keeps data across a restart in the same folder, and stops cleanly', async () => {
    const dir = tmp();
    const first = await startEmbeddedDatabase('ferretdb', {
      dataDir: dir,
      startTimeoutMs: 30_000,
      downloadTimeoutMs: 1000,
      log: quiet,
    });
    expect(first.kind).toBe('ferretdb');
    let client = await MongoClient.connect(first.uri);
    await client.db('kept').collection('things').insertOne({ name: '水管' });
    await client.close();
    await first.stop();
    await first.stop(); // twice is harmless
    expect(await portOpen(first.uri)).toBe(false);

    const second = await startEmbeddedDatabase('ferretdb', {
      dataDir: dir,
      startTimeoutMs: 30_000,
      downloadTimeoutMs: 1000,
      log: quiet,
    });
    client = await MongoClient.connect(second.uri);
    expect(
      await client
        .db('kept')
        .collection('things')
        .findOne({}, { projection: { _id: 0 } }),
    ).toEqual({ name: '水管' });
    await client.close();
    await second.stop();
  });

  it('leaves no FerretDB behind when its parent process is killed with SIGKILL', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('../support/embedded-child.ts', import.meta.url)), tmp()],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const line = await new Promise<string>((resolve, reject) => {
      child.stdout!.once('data', (b: Buffer) => resolve(b.toString()));
      child.once('exit', (code) => reject(new Error(`child exited ${code}`)));
    });
    const { uri } = JSON.parse(line) as { uri: string };
    expect(await portOpen(uri)).toBe(true);
    child.kill('SIGKILL');
    expect(await waitUntil(async () => !(await portOpen(uri)), 10_000)).toBe(true);
  });

  it('is started again on the same port and folder when FerretDB or its watchdog is killed', async () => {
    const db = await startEmbeddedDatabase('ferretdb', {
      dataDir: tmp(),
      startTimeoutMs: 30_000,
      downloadTimeoutMs: 1000,
      restartMinDelayMs: 100,
      log: quiet,
    });
    const states: string[] = [];
    db.onState!((s) => states.push(s));
    const client = await MongoClient.connect(db.uri, { serverSelectionTimeoutMS: 20_000 });
    try {
      await client.db('kept').collection('things').insertOne({ name: '电梯' });
      for (const victim of ['server', 'watchdog'] as const) {
        const before = db.serverPid!;
        expect(before).toBeGreaterThan(0);
        process.kill(victim === 'server' ? before : db.pid!, 'SIGKILL');
        expect(await waitUntil(async () => !db.isUp!(), 5000)).toBe(true);
        expect(await waitUntil(async () => db.isUp!() && db.serverPid !== before, 30_000)).toBe(true);
        // the driver reconnects by itself; the data is still there
        const found = await client
          .db('kept')
          .collection('things')
          .findOne({}, { projection: { _id: 0 } });
        expect(found).toEqual({ name: '电梯' });
      }
      expect(db.restarts).toBe(2);
      expect(states).toEqual(['down', 'up', 'down', 'up']);
    } finally {
      await client.close();
      await db.stop();
    }
    expect(await portOpen(db.uri)).toBe(false);
  });

  it('ends a FerretDB a killed process left serving the folder before starting its own', async () => {
    const dir = tmp();
    // stands in for the leftover: its command line names the folder as FerretDB's does
    const leftover = spawn('sh', [
      '-c',
      'sleep 60',
      'ferretdb',
      '--handler=sqlite',
      `--sqlite-url=file:${join(dir, 'ferretdb')}/`,
    ]);
    const exited = new Promise((r) => leftover.once('exit', (_code, signal) => r(signal)));
    const warned: string[] = [];
    const db = await startEmbeddedDatabase('ferretdb', {
      dataDir: dir,
      startTimeoutMs: 30_000,
      downloadTimeoutMs: 1000,
      log: { info: () => undefined, warn: (_o: unknown, msg?: string) => void warned.push(msg ?? '') },
    });
    try {
      expect(await exited).toBe('SIGKILL');
      expect(warned.join()).toContain('still running');
      const client = await MongoClient.connect(db.uri);
      await client.db('kept').collection('things').insertOne({ name: '电梯' });
      await client.close();
    } finally {
      await db.stop();
    }
  }, 60_000);

  it('says how to set MONGODB_URI when no database can be started', async () => {
    const err = await startEmbeddedDatabase('ferretdb', {
      dataDir: tmp(),
      startTimeoutMs: 1000,
      downloadTimeoutMs: 1000,
      ferretdbBin: '/nonexistent/ferretdb',
      log: quiet,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NoDatabaseError);
    expect((err as Error).message).toMatch(/MONGODB_URI/);
  });
});
