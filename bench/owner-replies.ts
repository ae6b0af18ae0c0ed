/**
 * `npm run bench:owners`: owners first under the bot's send budget. 30 owners report a repair at
 * once (report with its time, then 1 to confirm, each as soon as the bot answered) through the
 * real desk on the mock puppet, while the notices their reports cause (workers, groups, owners)
 * compete for the same 40-a-minute budget. Prints the owner-reply delay (message in → the bot's
 * answer handed to the puppet) p50 / p90 / p99 / max, and the notices' delay, with owners' replies
 * first (the service) and, for comparison, in queue order.
 *
 * Time is compressed ×10 so that a run takes seconds, not minutes: the budget is 40 per 6 s, the
 * per-chat gap 300 ms, the switch pause up to 100 ms. An owner's delay is printed as at real pace:
 * the handling (message in → answer queued, not compressed) plus ×10 the wait for the budget
 * (answer queued → handed to the puppet); a notice's delay is ×10 its queued → sent.
 */
import mongoose from 'mongoose';
import { createServices, registerTicketReactions } from '../src/app.js';
import { loadConfig } from '../src/config/load.js';
import { outboxEvents, Person } from '../src/data/models/index.js';
import { Outbox } from '../src/notify/outbox.js';
import { loadDemoData } from '../src/demo/seed.js';
import { createLogger } from '../src/log.js';
import { DeskBot } from '../bots/desk-bot.js';
import { benchDatabase, percentile } from './support.js';

const SCALE = 10;
const OWNERS = Number(process.env.BENCH_OWNERS ?? 30);
const log = createLogger(process.env.BENCH_LOG ? (process.env.BENCH_LOG as 'info') : 'silent');
const database = await benchDatabase('wuye-bench-owners');

interface Result {
  replies: number[];
  handling: number[];
  waits: number[];
  notices: number[];
  seconds: number;
}

async function run(ownerFirst: boolean): Promise<Result> {
  const config = loadConfig(
    { ...process.env, LOG_LEVEL: 'silent', MONGODB_URI: database.uri, DATA_DIR: database.dataDir ?? '' },
    {
      demo: true,
      scheduler: { enabled: false },
      notify: { quietStart: '00:00', quietEnd: '00:00' },
      outbound: {
        perMinute: Number(process.env.BENCH_PER_MINUTE ?? 40),
        perChatInterval: 3000 / SCALE,
        switchJitter: 1000 / SCALE,
      },
    },
  );
  const services = await createServices(config, log, { dbName: `bench_owners_${Date.now()}` });
  await loadDemoData(services);
  registerTicketReactions(services);
  const desk = new DeskBot(services, { outbound: { budgetWindow: 60_000 / SCALE, ownerFirst } });
  await desk.start();
  services.chat = desk;
  const world = desk.world!;
  const residents = (await Person.find({ roles: { $in: ['owner', 'tenant', 'family'] } }).lean())
    .sort((a, b) => Number(b.roles.includes('owner')) - Number(a.roles.includes('owner')))
    .slice(0, OWNERS);
  await world.refresh();
  const contactOf = new Map(residents.map((p) => [world.contact(p.name).id, p.name]));
  const script = ['厨房水管漏水了，明天下午3点来修', '1'];
  const step = new Map<string, number>();
  const waitingSince = new Map<string, number>();
  const replies: number[] = [];
  const handling: number[] = [];
  const waits: number[] = [];
  const notices: number[] = [];
  const queuedAt = new Map<string, number>();
  let finished = 0;
  let done: () => void = () => {};
  const all = new Promise<void>((r) => (done = r));
  const say = (name: string) => {
    const contact = world.contact(name).id;
    waitingSince.set(contact, performance.now());
    world.say({ from: name, text: script[step.get(name) ?? 0]! });
  };
  // notices are timed from their queueing (the sender's `outboxDelay` histogram does the same)
  const replyQueuedAt = new Map<string, number>();
  const onQueued = (row: { _id: string; reason: string; contactId?: string }) => {
    if (row.reason !== 'reply') queuedAt.set(row._id, Date.now());
    else if (row.contactId && waitingSince.has(row.contactId) && !replyQueuedAt.has(row.contactId))
      replyQueuedAt.set(row.contactId, performance.now());
  };
  outboxEvents.on('queued', onQueued);
  const transport = desk.bot;
  const send = transport.sendText.bind(transport);
  transport.sendText = async (to, text, mentions) => {
    await send(to, text, mentions);
    const now = performance.now();
    const name = to.contactId ? contactOf.get(to.contactId) : undefined;
    const since = to.contactId ? waitingSince.get(to.contactId) : undefined;
    if (name && since !== undefined) {
      // the first message to an owner after their own is the answer to it: its handling (not
      // compressed) and its wait for the budget (compressed ×SCALE)
      const queued = replyQueuedAt.get(to.contactId!) ?? now;
      handling.push(queued - since);
      waits.push((now - queued) * SCALE);
      replies.push(queued - since + (now - queued) * SCALE);
      waitingSince.delete(to.contactId!);
      replyQueuedAt.delete(to.contactId!);
      const next = (step.get(name) ?? 0) + 1;
      step.set(name, next);
      if (next < script.length) say(name);
      else if (++finished === residents.length) done();
    }
  };
  const started = performance.now();
  for (const p of residents) say(p.name);
  await Promise.race([all, new Promise((r) => setTimeout(r, 600_000 / SCALE))]);
  await new Promise((r) => setTimeout(r, 120_000 / SCALE)); // the notices still queued go out
  const seconds = (performance.now() - started) / 1000;
  outboxEvents.off('queued', onQueued);
  await desk.stop(); // sent marks written
  // what the notices waited: rows sent, from their queueing
  const rows = await Outbox.find({ reason: { $ne: 'reply' }, status: 'sent' }).lean();
  for (const r of rows) {
    const q = queuedAt.get(r._id);
    if (q !== undefined && r.sentAt) notices.push((r.sentAt.getTime() - q) * SCALE);
  }
  console.log(`  (${rows.length} notices sent, ${queuedAt.size} queued during the run)`);
  await mongoose.connection.db?.dropDatabase().catch(() => undefined);
  await services.db.close();
  return { replies, handling, waits, notices, seconds };
}

const fmt = (xs: number[]) =>
  xs.length
    ? `p50 ${(percentile(xs, 50) / 1000).toFixed(1)} s, p90 ${(percentile(xs, 90) / 1000).toFixed(1)} s, ` +
      `p99 ${(percentile(xs, 99) / 1000).toFixed(1)} s, max ${(Math.max(...xs) / 1000).toFixed(1)} s (n=${xs.length})`
    : 'none';

console.log(
  `bench:owners: ${OWNERS} owners × 2 messages, budget 40/min, database ${database.kind}, time ×${SCALE}`,
);
for (const ownerFirst of [true, false]) {
  const r = await run(ownerFirst);
  console.log(`${ownerFirst ? 'owners first ' : 'queue order  '} owner-reply delay ${fmt(r.replies)}`);
  console.log(`${' '.repeat(13)}  of which handling ${fmt(r.handling)}`);
  console.log(`${' '.repeat(13)}  and budget wait  ${fmt(r.waits)}`);
  console.log(`${' '.repeat(13)} notice delay      ${fmt(r.notices)}`);
}
await database.stop();
process.exit(0);
