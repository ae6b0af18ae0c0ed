/**
 * `npm run bench:scale`: the desk after one year and after five years of one community of about
 * 3,000 households. Loads a synthetic volume with bulk inserts (per year: 7,000 tickets, 60,000
 * timeline events, 40,000 message logs, 40,000 outbox rows, 21,000 job claims, the jobs of the
 * open tickets), runs the desk's start-up maintenance as `npm start` would, then measures on the
 * real pipeline (Wechaty on the mock puppet, the embedded database unless MONGODB_URI is set):
 * the README's owner conversation (report → time → confirm; handling p50/p99 and database
 * commands per message, owners one after another), a staff command (接单 of the new ticket), the
 * console's open-ticket list, a ticket's detail (ticket + timeline) and the month's KPI report.
 * The five-year volume is the one-year volume plus four more years. Message logs, outbox rows and
 * job claims are stored as the nightly retention leaves them (`retention.*`: the last 90/90/30
 * days, done outbox rows older than a day in the outbox history), and closed tickets untouched
 * for 90 days are in the ticket archive; `BENCH_SCALE_TRIM=0` stores them all in the working
 * collections. `BENCH_SCALE=0.1` loads a
 * tenth (for a quick run); `BENCH_SCALE_OWNERS` owners talk (default 10).
 */
import { tmpdir } from 'node:os';
import mongoose, { Types } from 'mongoose';
import { DateTime } from 'luxon';
import { createServices, registerTicketReactions } from '../src/app.js';
import { loadConfig } from '../src/config/load.js';
import { benchDatabase, percentile } from './support.js';
import { Person, Ticket, Zone } from '../src/data/models/index.js';
import { loadDemoData } from '../src/demo/seed.js';
import { createLogger } from '../src/log.js';
import { DeskBot } from '../bots/desk-bot.js';
import { OPEN_STATES, TICKET_EVENTS } from '../src/domain/ticket-machine.js';
import { KpiReport } from '../src/reports/kpis.js';
import { startupMaintenance } from '../src/data/maintenance.js';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const OWNERS = Number(process.env.BENCH_SCALE_OWNERS ?? 10);
const PER_YEAR = {
  tickets: Math.round(7000 * SCALE),
  events: Math.round(60_000 * SCALE),
  messageLogs: Math.round(40_000 * SCALE),
  outbox: Math.round(40_000 * SCALE),
  claims: Math.round(21_000 * SCALE),
  /** Reminders the jobs recorded (one per ticket on average), a log beside the timeline. */
  reminders: Math.round(7000 * SCALE),
};
/** Open work at any moment: about a day and a half of tickets. */
const OPEN = Math.max(5, Math.round(30 * SCALE));
const SCRIPT = ['家里水管漏水了', '明天下午3点', '1'];
const BATCH = 1000;
const log = createLogger(process.env.BENCH_LOG ? 'error' : 'silent');

const database = await benchDatabase('wuye-bench-scale');
const config = loadConfig(
  { ...process.env, LOG_LEVEL: 'silent', MONGODB_URI: database.uri, DATA_DIR: database.dataDir ?? tmpdir() },
  {
    demo: true,
    scheduler: { enabled: false },
    outbound: { perMinute: 10_000, perChatInterval: 1, switchJitter: 1 },
  },
);
const services = await createServices(config, log, {
  dbName: `bench_scale_${Date.now()}`,
  monitorCommands: true,
});
const { communityId } = await loadDemoData(services);
registerTicketReactions(services);
const db = mongoose.connection.db!;
let dbCommands = 0;
mongoose.connection.getClient().on('commandStarted', () => dbCommands++);
// BENCH_SLOW_MS: every command slower than that, with its collection and filter (what still scans)
const slowMs = Number(process.env.BENCH_SLOW_MS ?? 0);
if (slowMs) {
  const started = new Map<number, string>();
  const client = mongoose.connection.getClient();
  client.on('commandStarted', (e) => {
    const c = e.command as Record<string, unknown>;
    started.set(
      e.requestId,
      `${e.commandName} ${String(c[e.commandName])} ${JSON.stringify(c.filter ?? c.q ?? c.query ?? '').slice(0, 120)}`,
    );
  });
  client.on('commandSucceeded', (e) => {
    if (e.duration >= slowMs) console.log(`  slow ${e.duration} ms: ${started.get(e.requestId)}`);
    started.delete(e.requestId);
  });
}

const zones = await Zone.find({ communityId }).lean();
const people = await Person.find({ communityId }).lean();
const owners = people.filter((p) => p.roles.includes('owner'));
const workers = people.filter((p) => p.roles.includes('staff'));
const supervisor = people.find((p) => p.roles.includes('cs_supervisor'))!;
const pick = <T>(xs: T[], i: number): T => xs[i % xs.length]!;

/**
 * Inserts `total` made documents in batches of `BATCH`; with `keptFrom`, only those dated (by
 * `dated`) from then on: what the daily retention of history leaves in the collection. Returns how
 * many were stored.
 */
async function insertAll(
  collection: string,
  total: number,
  make: (i: number) => Record<string, unknown>,
  keptFrom?: Date,
  dated: (doc: Record<string, unknown>) => Date = (d) => d.at as Date,
  keptBefore?: Date,
): Promise<number> {
  const col = db.collection(collection);
  let stored = 0;
  let pending: Record<string, unknown>[] = [];
  const flush = async () => {
    if (pending.length) await col.insertMany(pending as never[], { ordered: false });
    stored += pending.length;
    pending = [];
  };
  for (let i = 0; i < total; i++) {
    const doc = make(i);
    if (keptFrom && dated(doc) < keptFrom) continue;
    if (keptBefore && dated(doc) >= keptBefore) continue;
    pending.push(doc);
    if (pending.length >= BATCH) await flush();
  }
  await flush();
  return stored;
}

/**
 * The product trims message logs, finished outbox rows and job claims past `retention.*` (90, 90
 * and 30 days) every night, so a desk that has run for years holds only that much of them; tickets
 * and their timelines are never trimmed. `BENCH_SCALE_TRIM=0` stores every row instead (no
 * retention: on FerretDB v1 each update of an outbox row then reads through 40,000 rows a year).
 */
const TRIM = process.env.BENCH_SCALE_TRIM !== '0';
const keptFrom = (ms: number) => (TRIM ? new Date(Date.now() - ms) : undefined);

/** What is stored, and what the desk wrote in those years (the difference: trimmed by retention). */
const loaded = {
  tickets: 0,
  hotTickets: 0,
  events: 0,
  messageLogs: 0,
  outbox: 0,
  outboxHistory: 0,
  claims: 0,
  reminders: 0,
  jobs: 0,
};
const written = { messageLogs: 0, outbox: 0, claims: 0, reminders: 0 };

/** One year of history ending `yearsAgo` years before now (the newest year holds the open work). */
async function loadYear(yearsAgo: number) {
  const end = DateTime.now().minus({ years: yearsAgo });
  const start = end.minus({ years: 1 });
  const span = end.toMillis() - start.toMillis();
  const at = (i: number, n: number) => new Date(start.toMillis() + Math.floor((span * (i + 0.5)) / n));
  const ticketIds: Types.ObjectId[] = [];
  const y = loaded.tickets;
  const open = yearsAgo === 0 ? OPEN : 0;
  const ids = Array.from({ length: PER_YEAR.tickets }, () => new Types.ObjectId());
  ticketIds.push(...ids);
  const ticketRow = (i: number) => {
    const _id = ids[i]!;
    const createdAt = at(i, PER_YEAR.tickets);
    const isOpen = i >= PER_YEAR.tickets - open;
    const worker = pick(workers, i);
    return {
      _id,
      communityId: new Types.ObjectId(communityId),
      number: `BX${DateTime.fromJSDate(createdAt).toFormat('yyyyMMdd')}-S${String(y + i).padStart(6, '0')}`,
      sourceKey: `scale-${y + i}`,
      kind: 'repair',
      department: 'engineering',
      category: 'plumbing',
      scope: 'in_unit',
      zoneId: pick(zones, i)._id,
      reporterId: pick(owners, i)._id,
      reporterName: pick(owners, i).name,
      description: `历史工单 ${y + i}：水管漏水`,
      photos: [],
      urgency: 'normal',
      assigneeId: worker._id,
      assigneeName: worker.name,
      state: isOpen ? pick([...OPEN_STATES], i) : 'closed',
      version: Math.round(PER_YEAR.events / PER_YEAR.tickets),
      escalationLevel: 0,
      reworkCount: 0,
      sla: isOpen ? { followUpBy: new Date(Date.now() + 86_400_000) } : {},
      fees: [],
      materials: [],
      rating: isOpen ? undefined : { score: 5, at: createdAt },
      dispatchedAt: createdAt,
      acceptedAt: createdAt,
      arrivedAt: createdAt,
      completedAt: isOpen ? undefined : createdAt,
      closedAt: isOpen ? undefined : createdAt,
      createdAt,
      updatedAt: createdAt,
    };
  };
  // closed tickets untouched for `retention.ticketsWorking` in the archive, as the daily
  // retention leaves them (open work is in the newest days)
  const hotFrom = keptFrom(config.retention.ticketsWorking);
  const updated = (d: Record<string, unknown>) => d.updatedAt as Date;
  loaded.hotTickets += await insertAll('tickets', PER_YEAR.tickets, ticketRow, hotFrom, updated);
  if (hotFrom) await insertAll('ticketarchive', PER_YEAR.tickets, ticketRow, undefined, updated, hotFrom);
  const perTicket = PER_YEAR.events / PER_YEAR.tickets;
  await insertAll('ticketevents', PER_YEAR.events, (i) => {
    const t = Math.floor(i / perTicket);
    const ticketId = ticketIds[Math.min(t, ticketIds.length - 1)];
    const seq = i - Math.ceil(t * perTicket) + 1 + (t >= ticketIds.length ? 1000 : 0);
    return {
      ticketId,
      seq,
      at: at(i, PER_YEAR.events),
      event: pick([...TICKET_EVENTS], i),
      actorKind: 'system',
      note: '历史记录',
    };
  });
  // reminders: the last `retention.ticketsWorking` in the working log, older ones in its history
  const reminderRow = (i: number) => ({
    _id: `scale-remind:${written.reminders + i}`,
    ticketId: ticketIds[i % ticketIds.length],
    version: 1,
    at: at(i, PER_YEAR.reminders),
    state: 'dispatched',
    data: { reminder: 'accept_overdue_assignee', to: ['张师傅'] },
  });
  loaded.reminders += await insertAll('ticketreminders', PER_YEAR.reminders, reminderRow, hotFrom);
  if (hotFrom)
    await insertAll('ticketreminderhistory', PER_YEAR.reminders, reminderRow, undefined, undefined, hotFrom);
  written.reminders += PER_YEAR.reminders;
  const m = written.messageLogs;
  loaded.messageLogs += await insertAll(
    'messagelogs',
    PER_YEAR.messageLogs,
    (i) => {
      const owner = pick(owners, i);
      return {
        _id: `mock:scale-${m + i}`,
        platformMessageId: `mock:scale-${m + i}`,
        direction: 'in',
        chatId: `scale-contact-${i % 3000}`,
        contactId: `scale-contact-${i % 3000}`,
        personId: owner._id,
        type: 'text',
        text: '家里水管漏水了',
        at: at(i, PER_YEAR.messageLogs),
      };
    },
    keptFrom(config.retention.messageLogs),
  );
  const o = written.outbox;
  const outboxRow = (i: number) => {
    const sentAt = at(i, PER_YEAR.outbox);
    return {
      _id: `scale-out-${o + i}`,
      contactId: `scale-contact-${i % 3000}`,
      mentions: [],
      mentionNames: [],
      audience: i % 3 ? 'owner' : 'staff',
      text: '您的报修已受理',
      reason: 'reply',
      causeId: `scale-${o + i}`,
      order: sentAt.getTime() * 1000,
      sendAfter: sentAt,
      status: 'sent',
      sentAt,
      attempts: 1,
      createdAt: sentAt,
      updatedAt: sentAt,
    };
  };
  // done rows: the last `retention.outboxWorking` in the working outbox, older ones (up to
  // `retention.outbox`) in the outbox history, as the daily retention leaves them
  const working = keptFrom(config.retention.outboxWorking);
  const created = (d: Record<string, unknown>) => d.createdAt as Date;
  loaded.outbox += await insertAll('outboxes', PER_YEAR.outbox, outboxRow, working, created);
  if (working)
    loaded.outboxHistory += await insertAll(
      'outboxhistory',
      PER_YEAR.outbox,
      outboxRow,
      keptFrom(config.retention.outbox),
      created,
      working,
    );
  const c = written.claims;
  loaded.claims += await insertAll(
    'jobclaims',
    PER_YEAR.claims,
    (i) => ({
      _id: `ticket.follow-up:scale-${c + i}:0`,
      worker: 'bench',
      at: at(i, PER_YEAR.claims),
    }),
    keptFrom(config.retention.jobClaims),
  );
  // the jobs of the open tickets (finished one-shot jobs are removed by Agenda)
  await insertAll('agendaJobs', open * 2, (i) => ({
    name: i % 2 ? 'ticket.follow-up' : 'ticket.callback-due',
    data: { ticketId: String(ticketIds[PER_YEAR.tickets - open + Math.floor(i / 2)]), due: 'x', step: 0 },
    priority: 0,
    type: 'normal',
    nextRunAt: new Date(Date.now() + 86_400_000),
    lockedAt: null,
    lastModifiedBy: null,
  }));
  loaded.tickets += PER_YEAR.tickets;
  loaded.events += PER_YEAR.events;
  loaded.jobs += open * 2;
  written.messageLogs += PER_YEAR.messageLogs;
  written.outbox += PER_YEAR.outbox;
  written.claims += PER_YEAR.claims;
}

const desk = new DeskBot(services);
await desk.start();
const world = desk.world!;
await world.refresh();
const supervisorActor = await services.directory.actorForPerson(String(supervisor._id));
const kpis = new KpiReport(config, services.calendar);

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const r = await fn();
  return [r, performance.now() - t0];
}

let round = 0;
async function say(from: string, text: string): Promise<number> {
  const id = `scale-${round}-${from}-${text}-${Math.random().toString(36).slice(2, 8)}`;
  const done = new Promise<number>((resolve) => {
    const t0 = performance.now();
    const listener = (mid: string) => {
      if (mid !== id) return;
      desk.pipeline.off('handled', listener);
      resolve(performance.now() - t0);
    };
    desk.pipeline.on('handled', listener);
  });
  world.say({ from, text }, id);
  return done;
}

async function measure(name: string) {
  round++;
  const latencies: number[] = [];
  const commands0 = dbCommands;
  const talking = owners.slice((round - 1) * OWNERS, round * OWNERS);
  for (const o of talking.length === OWNERS ? talking : owners.slice(0, OWNERS))
    for (const text of SCRIPT) latencies.push(await say(o.name, text));
  const perMessage = (dbCommands - commands0) / latencies.length;
  await services.tickets.idle(); // the reactions (dispatch) of the last report done
  const newest = await Ticket.findOne({ sourceKey: { $not: /^scale-/ } })
    .sort({ createdAt: -1 })
    .lean();
  let staffMs = NaN;
  // its worker accepts it; an order left in the department's pool (every worker with the skill at
  // the cap under the synthetic open work) is grabbed by one of the department in its zone
  const assignee = newest?.assigneeId
    ? people.find((p) => String(p._id) === String(newest.assigneeId))
    : undefined;
  const grabber = people.find(
    (p) =>
      p.active &&
      p.roles.includes('staff') &&
      p.department === newest?.department &&
      (p.zoneIds ?? []).some((z) => String(z) === String(newest?.zoneId)),
  );
  if (newest && assignee) staffMs = await say(assignee.name, `接单 ${newest.number}`);
  else if (newest && grabber) staffMs = await say(grabber.name, `抢单 ${newest.number}`);
  await services.tickets.idle();
  const after = newest && (await services.tickets.get(supervisorActor, newest.number));
  console.log(
    `  ${name}: owners done; staff command ${staffMs.toFixed(0)} ms (${newest?.number} ${newest?.state} → ${after?.state})`,
  );
  const [, openMs] = await timed(() =>
    services.tickets.list(supervisorActor, { state: OPEN_STATES.join(','), page: 1, pageSize: 20 } as never),
  );
  const [, detailMs] = await timed(async () => {
    const t = await services.tickets.get(supervisorActor, newest!.number);
    return services.tickets.timeline(t);
  });
  const [, kpiMs] = await timed(() =>
    kpis.report(supervisorActor, { month: DateTime.now().setZone(config.timezone).toFormat('yyyy-MM') }),
  );
  const counts =
    `${loaded.tickets} tickets (${loaded.hotTickets} in tickets, the rest archived), ${loaded.events} events, ${loaded.messageLogs} message logs, ` +
    `${loaded.outbox} outbox rows (+${loaded.outboxHistory} in history), ${loaded.claims} job claims, ${loaded.reminders} reminders, ${loaded.jobs} jobs:`;
  console.log(
    `${name}: ${latencies.length} owner messages (${OWNERS} owners × ${SCRIPT.length}), ` +
      `${perMessage.toFixed(1)} db commands/message; staff command ${staffMs.toFixed(0)} ms; ` +
      `ticket detail ${detailMs.toFixed(0)} ms`,
  );
  const line =
    `${name} ${counts} per message p50 ${percentile(latencies, 50).toFixed(0)} ms ` +
    `p99 ${percentile(latencies, 99).toFixed(0)} ms; open list ${openMs.toFixed(0)} ms; kpis ${kpiMs.toFixed(0)} ms`;
  console.log(line); // at once, and again at the end
  return line;
}

async function load(years: number[]) {
  const t0 = performance.now();
  for (const y of years) await loadYear(y);
  // the history is kept whole (no retention trim): the message path must not care how much there is
  const [, maintenanceMs] = await timed(() => startupMaintenance(config, log, { trim: false }));
  if (TRIM)
    console.log(
      `  retention: kept ${loaded.messageLogs} of ${written.messageLogs} message logs, ${loaded.outbox} of ` +
        `${written.outbox} outbox rows (+${loaded.outboxHistory} moved to the outbox history), ` +
        `${loaded.claims} of ${written.claims} job claims (BENCH_SCALE_TRIM=0 keeps all)`,
    );
  console.log(
    `loaded ${years.length} year(s) in ${((performance.now() - t0 - maintenanceMs) / 1000).toFixed(1)} s; ` +
      `start-up maintenance ${(maintenanceMs / 1000).toFixed(1)} s`,
  );
}

console.log(`bench:scale: scale ${SCALE}, database ${database.kind}`);
await load([0]);
const oneYear = await measure('one-year');
await load([1, 2, 3, 4]);
const fiveYear = await measure('five-year');
await desk.stop();
await db.dropDatabase().catch(() => undefined);
await services.db.close();
await database.stop();
console.log(oneYear);
console.log(fiveYear);
process.exit(0);
