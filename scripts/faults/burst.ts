/**
 * The kill -9 scenario of `npm run test:faults`: 30 residents of the demo each send a complete
 * repair report at once (the report with its time, then 1 to confirm); the whole service process
 * is killed with SIGKILL at a random moment of the burst and started again on the same data
 * folder. After the roll-forward, what the owners were told is checked against what was stored.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { freePort } from '../../src/data/embedded/free-port.js';
import {
  check,
  client,
  ferretdbUri,
  health,
  sleep,
  startService,
  waitFor,
  type Reply,
  type Service,
} from './support.js';

const NUMBER = /[A-Z]{2}\d{8}-\d{4}/;
const PROBLEMS = ['厨房水管漏水了', '卫生间马桶堵了', '客厅灯不亮了', '阳台下水道反味', '卧室插座没电了'];

interface Figures {
  acknowledgedBeforeKill: number;
  acknowledged: number;
  /** Numbers an owner was told that name no stored ticket. */
  ackedMissing: number;
  created: number;
  /** Dispatched to a worker who got the notice. */
  dispatched: number;
  /** Dispatched with the worker's notice, or (all workers at the cap) offered to the pool. */
  followedUp: number;
  ownersTold: number;
  withJobs: number;
  duplicates: number;
  unanswered: number;
  orphanCreates: number;
  /** The tickets not followed up, with what they hold: printed when a repetition does not converge. */
  stuck: string[];
  recoverSeconds: number;
}

type Row = Record<string, unknown> & { _id: unknown };

/** What the service stored since `since`, read from its database directly. */
async function figures(
  uri: string,
  since: Date,
  ackedByClient: Set<string>,
): Promise<Omit<Figures, 'recoverSeconds'>> {
  const conn = await mongoose
    .createConnection(uri, { dbName: 'wuye', serverSelectionTimeoutMS: 5000 })
    .asPromise();
  try {
    const db = conn.db!;
    const stored = (await db
      .collection('tickets')
      .find({ createdAt: { $gte: since } })
      .toArray()) as Row[];
    // an open ticket's current state is its copy (written to tickets behind it: ticket-store.ts)
    const copies = new Map(
      ((await db.collection('opentickets').find({}).toArray()) as Row[]).map((c) => [String(c._id), c]),
    );
    const tickets = stored.map((t) => {
      const copy = copies.get(String(t._id));
      return copy && Number(copy.version) > Number(t.version) ? copy : t;
    });
    const rows = (await db
      .collection('outboxes')
      .find({ createdAt: { $gte: since } })
      .toArray()) as Row[];
    const events = (await db
      .collection('ticketevents')
      .find({ event: 'create', at: { $gte: since } })
      .toArray()) as Row[];
    const inbound = (await db
      .collection('messagelogs')
      .find({ direction: 'in', createdAt: { $gte: since } })
      .toArray()) as Row[];
    const jobs = (await db
      .collection('agendaJobs')
      .find({}, { projection: { data: 1 } })
      .toArray()) as Row[];
    const sent = rows.filter((r) => r.status === 'sent' || r.status === 'unknown');
    const told = new Set(
      sent
        .filter((r) => r.audience === 'owner')
        .map((r) => NUMBER.exec(String(r.text))?.[0])
        .filter(Boolean) as string[],
    );
    const byNumber = new Set(tickets.map((t) => String(t.number)));
    const ticketIds = new Set(tickets.map((t) => String(t._id)));
    const jobTickets = new Set(jobs.map((j) => String((j.data as { ticketId?: unknown })?.ticketId)));
    const staffTold = (t: Row) =>
      sent.some((r) => r.audience === 'staff' && String(r.text).includes(String(t.number)));
    const workerTold = (t: Row) =>
      sent.some(
        (r) =>
          r.audience === 'staff' &&
          String(r.personId) === String(t.assigneeId) &&
          String(r.text).includes(String(t.number)),
      );
    // dispatched to a worker who was told; or, every worker at the cap, offered to the pool
    const followedUp = tickets.filter((t) => (t.assigneeId ? workerTold(t) : staffTold(t))).length;
    const dispatched = tickets.filter((t) => t.assigneeId && workerTold(t)).length;
    const seen = new Map<string, number>();
    for (const r of sent) {
      const key = `${String(r.personId ?? r.contactId ?? r.roomId)}|${String(r.text)}|${String(r.causeId ?? '')}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    const causes = new Set(rows.map((r) => String(r.causeId)));
    const acknowledged = new Set([...told, ...ackedByClient]);
    return {
      acknowledgedBeforeKill: ackedByClient.size,
      acknowledged: acknowledged.size,
      // a number not among this burst's tickets may name an earlier one ("you reported it already")
      ackedMissing: await (async () => {
        const others = [...acknowledged].filter((n) => !byNumber.has(n));
        if (!others.length) return 0;
        const found = await db.collection('tickets').countDocuments({ number: { $in: others } });
        return others.length - found;
      })(),
      created: tickets.length,
      dispatched,
      followedUp,
      ownersTold: tickets.filter((t) => told.has(String(t.number))).length,
      withJobs: tickets.filter((t) => jobTickets.has(String(t._id))).length,
      duplicates: [...seen.values()].reduce((a, n) => a + n - 1, 0),
      unanswered: inbound.filter((m) => !m.roomId && !causes.has(String(m._id).replace(/^[^:]+:/, '')))
        .length,
      orphanCreates: events.filter((e) => !ticketIds.has(String(e.ticketId))).length,
      stuck: tickets
        .filter((t) => !(t.assigneeId ? workerTold(t) : staffTold(t)))
        .map(
          (t) =>
            `${String(t.number)} ${String(t.state)} ${String(t.department ?? '-')} assignee=${String(t.assigneeId ?? '-')} staffRows=${rows
              .filter((r) => String(r.text).includes(String(t.number)) && r.audience === 'staff')
              .map((r) => `${String(r.status)}:${String(r.personId ?? r.roomId)}`)
              .join(',')}`,
        ),
    };
  } finally {
    await conn.close();
  }
}

const converged = (f: Omit<Figures, 'recoverSeconds'>) =>
  f.ackedMissing === 0 &&
  f.followedUp === f.created &&
  f.ownersTold === f.created &&
  f.withJobs === f.created &&
  f.unanswered === 0 &&
  f.orphanCreates === 0;

/** How long after a restart everything must have converged. */
const CONVERGE_MS = 150_000;

/** A repetition not finished by then fails the run (its phase named) instead of hanging it. */
const REP_TIMEOUT_MS = Number(process.env.FAULTS_REP_TIMEOUT_S ?? 240) * 1000;

/**
 * Runs `repeat` kill -9 bursts against the service on `dataDir`. `running` is kept up to date with
 * the service process and port in use, also when a repetition fails or times out (the caller
 * stops it).
 */
export async function killBurst(
  dataDir: string,
  running: { service: Service; port: number },
  repeat: number,
  env: Record<string, string>,
): Promise<void> {
  let { service, port } = running;
  let restartsHung = 0;
  const token = readFileSync(join(dataDir, 'api-token'), 'utf8').trim();
  const cast = (await client(port, token).call('/simulator/cast')).body as {
    people: Array<{ name: string; roles: string[] }>;
  };
  const residents = cast.people
    .filter((p) => p.roles.some((r) => ['owner', 'tenant', 'family'].includes(r)))
    .sort((a, b) => Number(b.roles.includes('owner')) - Number(a.roles.includes('owner')))
    .slice(0, 30)
    .map((p) => p.name);
  check(residents.length === 30, `30 residents of the demo directory report (${residents.length})`);
  console.log(
    '  rep  killed after  ackBefore  acked  created  dispatched  followedUp  toldNumber  withJobs  dupSent  unanswered  replayed  up_s  recover_s',
  );
  let phase = 'burst';
  const repetition = async (rep: number) => {
    phase = 'burst';
    const api = client(port, token);
    const since = new Date(Date.now() - 1000);
    const acked = new Set<string>();
    const problem = PROBLEMS[rep % PROBLEMS.length]!;
    // the kill comes when a random number of the burst's 60 messages have been answered (plus up
    // to half a second): points spread over the whole burst, however long a loaded machine takes
    const killAfter = Math.floor(Math.random() * residents.length * 2);
    let answered = 0;
    let timeToKill: () => void = () => {};
    const killPoint = new Promise<void>((r) => (timeToKill = r));
    const answeredOne = () => {
      if (++answered === killAfter) timeToKill();
    };
    if (killAfter === 0) timeToKill();
    const began = Date.now();
    const burst = residents.map(async (name) => {
      const take = (replies: Reply[] | undefined) =>
        (replies ?? []).forEach((r) => {
          const n = r.to === name ? NUMBER.exec(r.text)?.[0] : undefined;
          if (n) acked.add(n);
        });
      try {
        // an owner whose earlier conversation a kill interrupted goes on with it: still a report
        const first = await api.say(name, `${problem}，明天下午3点来修`);
        take(first.body.replies);
        answeredOne();
        const confirm = await api.say(name, '1');
        take(confirm.body.replies);
        answeredOne();
      } catch {
        // the service was killed under this request
      }
    });
    await Promise.race([killPoint, Promise.allSettled(burst)]); // a burst cut short (service down) too
    await sleep(Math.random() * 500);
    const killAt = Date.now() - began;
    const ackedBefore = new Set(acked);
    phase = 'kill';
    service.kill('SIGKILL');
    await new Promise((r) =>
      service.exitCode !== null || service.signalCode ? r(null) : service.once('exit', r),
    );
    await Promise.allSettled(burst);
    phase = 'restart';
    port = await freePort();
    const restartedAt = Date.now();
    service = startService(dataDir, port, env);
    Object.assign(running, { service, port });
    let up = await waitFor(async () => (await health(port)) === 200, 120_000, 250);
    if (!up) {
      // a start that never listens (seen about once in ten restarts, not yet explained): shown
      // with its last output, then killed and started once more, as a supervisor would
      console.log(`  rep ${rep}: the restart did not listen within 120 s; its last output:`);
      console.log(service.output().split('\n').slice(-15).join('\n'));
      restartsHung++;
      service.kill('SIGKILL');
      await new Promise((r) =>
        service.exitCode !== null || service.signalCode ? r(null) : service.once('exit', r),
      );
      port = await freePort();
      service = startService(dataDir, port, env);
      Object.assign(running, { service, port });
      up = await waitFor(async () => (await health(port)) === 200, 120_000, 250);
    }
    const upSeconds = (Date.now() - restartedAt) / 1000;
    phase = 'convergence';
    let last: Omit<Figures, 'recoverSeconds'> | undefined;
    let lagAt30: Omit<Figures, 'recoverSeconds'> | undefined;
    const done =
      up &&
      (await waitFor(
        async () => {
          const uri = ferretdbUri(dataDir);
          if (!uri) return false;
          last = await figures(uri, since, ackedBefore).catch(() => last);
          const ok = Boolean(last && converged(last));
          if (!ok && !lagAt30 && Date.now() - restartedAt > 30_000) lagAt30 = last;
          return ok;
        },
        // the periodic recovery (every minute, events at least half a minute old) falls inside
        CONVERGE_MS,
        500,
      ));
    const recoverSeconds = (Date.now() - restartedAt) / 1000;
    if (recoverSeconds > 30 && lagAt30) {
      console.log(`  rep ${rep}: not converged 30 s after the restart: ${JSON.stringify(lagAt30)}`);
      const notable = service
        .output()
        .split('\n')
        .filter((l) => /"level":(40|50|60)/.test(l))
        .slice(-8)
        .map((l) => `    ${l.slice(0, 400)}`);
      if (notable.length) console.log(notable.join('\n'));
    }
    if (last && !converged(last)) console.log(`  rep ${rep}: still stuck: ${JSON.stringify(last.stuck)}`);
    // messages the killed process had received and not finished: handled again from the spool
    const replayed = Number(
      /"count":(\d+),"msg":"handling messages received before a restart"/.exec(service.output())?.[1] ?? 0,
    );
    const f = last;
    console.log(
      `  ${String(rep).padStart(3)}  ${`${String(killAfter).padStart(2)}/60 ${(killAt / 1000).toFixed(1)}s`.padStart(12)}  ${String(f?.acknowledgedBeforeKill ?? '?').padStart(9)}  ${String(f?.acknowledged ?? '?').padStart(5)}  ${String(f?.created ?? '?').padStart(7)}  ${String(f?.dispatched ?? '?').padStart(10)}  ${String(f?.followedUp ?? '?').padStart(10)}  ${String(f?.ownersTold ?? '?').padStart(10)}  ${String(f?.withJobs ?? '?').padStart(8)}  ${String(f?.duplicates ?? '?').padStart(7)}  ${String(f?.unanswered ?? '?').padStart(10)}  ${String(replayed).padStart(8)}  ${upSeconds.toFixed(1).padStart(4)}  ${recoverSeconds.toFixed(1).padStart(9)}`,
    );
    check(up, `rep ${rep}: the service starts again on the same folder`);
    check(Boolean(f && f.ackedMissing === 0), `rep ${rep}: every acknowledged report exists as a ticket`);
    check(Boolean(f && f.orphanCreates === 0), `rep ${rep}: no creation logged without its ticket`);
    check(
      Boolean(f && f.followedUp === f.created && f.withJobs === f.created),
      `rep ${rep}: every ticket dispatched with its worker told (or offered to the pool), its jobs planned`,
    );
    check(Boolean(f && f.ownersTold === f.created), `rep ${rep}: every owner told the number`);
    check(Boolean(f && f.unanswered === 0), `rep ${rep}: every accepted message answered`);
    check(Boolean(f && f.duplicates === 0), `rep ${rep}: no message sent twice`);
    check(done, `rep ${rep}: all of it within ${CONVERGE_MS / 1000} s of the restart`);
  };
  const began = Date.now();
  for (let rep = 1; rep <= repeat; rep++) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), REP_TIMEOUT_MS)));
    const outcome = await Promise.race([repetition(rep).then(() => 'done' as const), timeout]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      const what = `rep ${rep}: not finished within ${REP_TIMEOUT_MS / 1000} s (stuck in: ${phase})`;
      check(false, what);
      console.log(service.output().split('\n').slice(-15).join('\n'));
      throw new Error(what);
    }
  }
  console.log(`  restarts that did not listen and were started again: ${restartsHung} of ${repeat}`);
  console.log(`  ${repeat} repetitions in ${((Date.now() - began) / 1000).toFixed(0)} s`);
}
