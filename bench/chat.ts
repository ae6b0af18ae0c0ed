/**
 * `npm run bench:chat`: N owners hold repair conversations at the same time (report → time →
 * confirm) through Wechaty on the mock puppet, the real pipeline and the real database
 * (MONGODB_URI, else the embedded one). In the same run, a bare echo bot on the same puppet gets
 * the same messages. Prints messages/s, handling time p50/p95/p99 (message in → its replies
 * queued), database commands per message and peak RSS for both, and the ratios.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { WechatyBuilder } from 'wechaty';
import { mock, PuppetMock } from 'wechaty-puppet-mock';
import * as PUPPET from 'wechaty-puppet';
import { createServices, registerTicketReactions } from '../src/app.js';
import { loadConfig } from '../src/config/load.js';
import { benchDatabase, percentile } from './support.js';
import { Person, Ticket } from '../src/data/models/index.js';
import { loadDemoData } from '../src/demo/seed.js';
import { createLogger } from '../src/log.js';
import { DeskBot } from '../bots/desk-bot.js';

const OWNERS = Number(process.env.BENCH_OWNERS ?? 30);
const SCRIPT = ['家里水管漏水了', '明天下午3点', '1'];
const log = createLogger(process.env.BENCH_LOG ? 'error' : 'silent');

const database = await benchDatabase('wuye-bench-chat');
const uri = database.uri;
const dataDir = database.dataDir;

const pct = percentile;
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);

interface PhaseResult {
  name: string;
  messages: number;
  seconds: number;
  p50: number;
  p95: number;
  p99: number;
  dbPerMessage: number;
  peakRssMb: number;
}

function report(r: PhaseResult) {
  console.log(
    `${r.name.padEnd(10)} ${r.messages} messages in ${r.seconds.toFixed(2)} s → ${(r.messages / r.seconds).toFixed(1)} msg/s; ` +
      `handling p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms; ` +
      `${r.dbPerMessage.toFixed(1)} db commands/message; peak RSS ${r.peakRssMb.toFixed(0)} MB`,
  );
}

// ── phase 1: a bare echo bot on the same puppet ──────────────────────────────
async function echoPhase(): Promise<PhaseResult> {
  peakRss = process.memoryUsage().rss;
  const mocker = new mock.Mocker();
  const puppet = new PuppetMock({ mocker });
  const bot = WechatyBuilder.build({ name: join(tmpdir(), 'bench-echo'), puppet });
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let pending = 0;
  let done: () => void = () => {};
  bot.on('message', async (m) => {
    if (m.self()) return;
    await m.say(m.text());
    latencies.push(performance.now() - sentAt.get(m.id)!);
    if (--pending === 0) done();
  });
  await bot.start();
  const user = mocker.createContact({ id: 'echo-self', name: 'echo' });
  mocker.login(user);
  const owners = Array.from({ length: OWNERS }, (_, i) =>
    mocker.createContact({ id: `o${i}`, name: `o${i}` }),
  );
  const start = performance.now();
  for (const text of SCRIPT) {
    pending = owners.length;
    const all = new Promise<void>((r) => (done = r));
    owners.forEach((o, i) => {
      const id = `echo-${text}-${i}`;
      sentAt.set(id, performance.now());
      mocker.MessageMock.create({
        id,
        talkerId: o.id,
        listenerId: user.id,
        timestamp: Date.now(),
        type: PUPPET.types.Message.Text,
        text,
      } as PUPPET.payloads.Message);
      puppet.emit('message', { messageId: id });
    });
    await all;
  }
  const seconds = (performance.now() - start) / 1000;
  await bot.stop();
  return {
    name: 'echo bot',
    messages: latencies.length,
    seconds,
    p50: pct(latencies, 50),
    p95: pct(latencies, 95),
    p99: pct(latencies, 99),
    dbPerMessage: 0,
    peakRssMb: peakRss / 1e6,
  };
}

// ── phase 2: the desk ────────────────────────────────────────────────────────
async function deskPhase(): Promise<PhaseResult> {
  const config = loadConfig(
    { ...process.env, LOG_LEVEL: 'silent', MONGODB_URI: uri, DATA_DIR: dataDir ?? tmpdir() },
    {
      demo: true,
      scheduler: { enabled: false },
      outbound: { perMinute: 10_000, perChatInterval: 1, switchJitter: 1 },
    },
  );
  const services = await createServices(config, log, {
    dbName: `bench_chat_${Date.now()}`,
    monitorCommands: true,
  });
  await loadDemoData(services);
  registerTicketReactions(services);
  const desk = new DeskBot(services);
  await desk.start();
  let dbCommands = 0;
  let dbMillis = 0;
  const client = mongoose.connection.getClient();
  const byKind = new Map<string, number>();
  client.on('commandStarted', (e) => {
    dbCommands++;
    const target = (e.command as Record<string, unknown>)[e.commandName];
    const key = `${e.commandName} ${typeof target === 'string' ? target : ''}`.trim();
    byKind.set(key, (byKind.get(key) ?? 0) + 1);
  });
  client.on('commandSucceeded', (e) => (dbMillis += e.duration));
  client.on('commandFailed', (e) => (dbMillis += e.duration));
  const owners = (await Person.find({ roles: 'owner' }).sort({ name: 1 }).lean()).slice(0, OWNERS);
  if (owners.length < OWNERS) console.log(`(only ${owners.length} demo owners: using them all)`);
  const world = desk.world!;
  await world.refresh();
  const latencies: number[] = [];
  const sentAt = new Map<string, number>();
  desk.pipeline.on('handled', (id: string) => {
    const t = sentAt.get(id);
    if (t !== undefined) latencies.push(performance.now() - t);
  });
  if (process.env.BENCH_TRACE)
    // every mongoose-level call with its filter (BENCH_TRACE=1 BENCH_OWNERS=1: what one owner
    // costs); BENCH_TRACE=stack adds where in src/ it was asked
    mongoose.set('debug', (collection: string, method: string, ...args: unknown[]) => {
      console.log(`  trace ${collection}.${method} ${JSON.stringify(args[0] ?? '').slice(0, 160)}`);
      if (process.env.BENCH_TRACE === 'stack')
        console.log(
          (new Error().stack ?? '')
            .split('\n')
            .filter((l) => l.includes('/src/'))
            .slice(0, 4)
            .join('\n'),
        );
    });
  peakRss = process.memoryUsage().rss;
  dbCommands = 0;
  dbMillis = 0;
  byKind.clear();
  const start = performance.now();
  for (const text of SCRIPT) {
    owners.forEach((o, i) => {
      const id = `bench-${text}-${i}`;
      sentAt.set(id, performance.now());
      world.say({ from: o.name, text }, id);
    });
    // each round waits for every owner's message to be handled before the next reply
    while (latencies.length < sentAt.size) await new Promise((r) => setTimeout(r, 5));
  }
  const seconds = (performance.now() - start) / 1000;
  const commands = dbCommands;
  const kinds = [...byKind.entries()].sort((a, b) => b[1] - a[1]);
  const created = await Ticket.countDocuments({});
  await desk.stop();
  await mongoose.connection.db?.dropDatabase().catch(() => undefined);
  await services.db.close();
  console.log(
    `desk: ${created} tickets created by ${owners.length} owners; database command time ` +
      `${(dbMillis / 1000).toFixed(2)} s summed over ${commands} commands ` +
      `(${((100 * dbMillis) / latencies.reduce((a, b) => a + b, 0)).toFixed(0)}% of the summed handling time)`,
  );
  console.log(
    `desk: commands per message by kind and collection: ` +
      kinds.map(([k, n]) => `${k} ${(n / latencies.length).toFixed(2)}`).join(', '),
  );
  return {
    name: 'desk',
    messages: latencies.length,
    seconds,
    p50: pct(latencies, 50),
    p95: pct(latencies, 95),
    p99: pct(latencies, 99),
    dbPerMessage: commands / latencies.length,
    peakRssMb: peakRss / 1e6,
  };
}

console.log(`bench:chat: ${OWNERS} owners × ${SCRIPT.length} messages, database ${database.kind}`);
const echo = await echoPhase();
report(echo);
const desk = await deskPhase();
report(desk);
console.log(
  `ratio desk/echo: throughput ×${(desk.messages / desk.seconds / (echo.messages / echo.seconds)).toFixed(3)}, ` +
    `p50 ×${(desk.p50 / echo.p50).toFixed(1)}, p99 ×${(desk.p99 / echo.p99).toFixed(1)}, ` +
    `peak RSS ×${(desk.peakRssMb / echo.peakRssMb).toFixed(2)}`,
);
clearInterval(sampler);
await database.stop();
process.exit(0);
