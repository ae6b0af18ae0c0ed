import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type mongoose from 'mongoose';
import type { Config } from '../config/schema.js';
import type { Logger } from '../log.js';
import { JobClaim } from './claims.js';
import { Conversation, MessageLog } from './models/index.js';
import { Outbox, OutboxHistory } from '../notify/outbox.js';
import { moveDocuments } from './batch.js';
import { archiveClosedTickets, flushTickets } from './ticket-store.js';
import { moveOldReminders } from './ticket-reminders.js';

interface Trimmed {
  collection: string;
  removed: number;
  archive?: string;
}

/**
 * Keeps the working collections bounded: history past its retention is archived (one JSON line
 * per document in `<dataDir>/archive/<collection>-<YYYY-MM-DD>.jsonl`, when `retention.archive`)
 * and deleted, a hundred per command. Runs daily (`retention.runAt`, scheduler) and at start. Expired chat
 * conversations are removed too. Each pass reads the collection once: it runs off the message
 * path, and what it leaves behind is what the message path never has to scan.
 */
export async function trimHistory(config: Config, log: Logger, now = new Date()): Promise<Trimmed[]> {
  const r = config.retention;
  const before = (ms: number) => new Date(now.getTime() - ms);
  const moved = await moveDoneOutboxRows(before(r.outboxWorking));
  if (moved) log.info({ moved }, 'done outbox rows moved to the outbox history');
  await flushTickets();
  const archived = await archiveClosedTickets(before(r.ticketsWorking));
  if (archived) log.info({ archived }, 'tickets closed long ago moved to the archive');
  const reminders = await moveOldReminders(before(r.ticketsWorking));
  if (reminders) log.info({ reminders }, 'reminders recorded long ago moved to the reminder history');
  const done = { status: { $in: DONE } };
  const jobs: Array<{ model: mongoose.Model<never>; filter: Record<string, unknown> }> = [
    { model: MessageLog as never, filter: { at: { $lt: before(r.messageLogs) } } },
    { model: OutboxHistory as never, filter: { ...done, createdAt: { $lt: before(r.outbox) } } },
    { model: Outbox as never, filter: { ...done, createdAt: { $lt: before(r.outbox) } } },
    { model: JobClaim as never, filter: { at: { $lt: before(r.jobClaims) } } },
  ];
  const out: Trimmed[] = [];
  for (const { model, filter } of jobs) {
    const name = model.collection.collectionName;
    const old = (await model.collection.find(filter as never).toArray()) as Array<{ _id: unknown }>;
    if (!old.length) continue;
    let archive: string | undefined;
    if (r.archive) {
      const dir = join(config.dataDir, 'archive');
      mkdirSync(dir, { recursive: true });
      archive = join(dir, `${name}-${now.toISOString().slice(0, 10)}.jsonl`);
      const stream = createWriteStream(archive, { flags: 'a' });
      for (const doc of old) stream.write(`${JSON.stringify(doc)}\n`);
      await new Promise<void>((resolve, reject) =>
        stream.end((err?: Error | null) => (err ? reject(err) : resolve())),
      );
    }
    // one deleteMany by `_id: {$in}` per hundred: FerretDB v1 reads the collection once for each
    // delete statement, so a bulk of 1,000 deleteOne took 3.6 s (and held other commands up to
    // 2.3 s), ten deleteMany of 100 0.26 s (others held 29 ms at most; `npm run bench:bulk`)
    for (let i = 0; i < old.length; i += 100)
      await model.collection.deleteMany({ _id: { $in: old.slice(i, i + 100).map((d) => d._id) } } as never);
    out.push({ collection: name, removed: old.length, archive });
  }
  const expired = await Conversation.deleteMany({ expiresAt: { $lt: now } });
  if (expired.deletedCount) out.push({ collection: 'conversations', removed: expired.deletedCount });
  if (out.length) log.info({ trimmed: out }, 'history past its retention trimmed');
  return out;
}

const DONE = ['sent', 'failed', 'unknown', 'superseded'];

/** Done outbox rows created before `cutoff` moved to the outbox history. */
export function moveDoneOutboxRows(cutoff: Date): Promise<number> {
  return moveDocuments(Outbox.collection, OutboxHistory.collection, {
    status: { $in: DONE },
    createdAt: { $lt: cutoff },
  });
}
