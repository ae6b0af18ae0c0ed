import type { Model } from 'mongoose';
import type { Config } from '../config/schema.js';
import type { Logger } from '../log.js';
import {
  ChatIdentity,
  Conversation,
  Counter,
  PendingReaction,
  Person,
  Room,
  TicketEvent,
  Unit,
  Zone,
} from './models/index.js';
import { replayReplacements, type ReplaceableModel } from './replace-journal.js';
import { reconcileOpenTickets } from './ticket-store.js';
import { invalidateDirectory } from './directory-cache.js';
import { trimHistory } from './retention.js';
import { rebuildTicketNumbers } from './ticket-lookup.js';

/**
 * Documents stored before their natural key became `_id` (chat identities: `platform:contactId`;
 * conversations: their key) are moved to it: the old one deleted (it holds the unique fields),
 * then inserted under the key. Runs at every start; after the first it finds nothing (one read of
 * two small collections).
 */
export async function migrateNaturalIds(log: Logger): Promise<number> {
  const moves: Array<[Model<never>, (d: Record<string, unknown>) => string | undefined]> = [
    [
      ChatIdentity as never,
      (d) => (d.platform && d.contactId ? `${String(d.platform)}:${String(d.contactId)}` : undefined),
    ],
    [Conversation as never, (d) => (d.key ? String(d.key) : undefined)],
  ];
  let moved = 0;
  for (const [model, keyOf] of moves) {
    const old = await model.collection.find({ _id: { $type: 'objectId' } }).toArray();
    for (const doc of old) {
      const key = keyOf(doc);
      if (!key) continue;
      // the old document holds the unique (natural) fields, so it goes first; a copy already
      // under the key (an earlier start stopped half-way) wins
      await model.collection.deleteOne({ _id: doc._id });
      if (!(await model.collection.findOne({ _id: key as never }, { projection: { _id: 1 } })))
        await model.collection.insertOne({ ...doc, _id: key } as never);
      moved++;
    }
  }
  if (moved) {
    for (const [model] of moves) invalidateDirectory(model.collection.collectionName);
    log.info({ moved }, 'documents moved to their natural _id');
  }
  return moved;
}

const PENDING_MIGRATED = 'migrated:pending-reactions';

/**
 * Earlier versions marked each timeline event `reacted` (false until its reactions had run): the
 * events still unmarked get their pending-reaction row, once (a marker document under a natural
 * key says it was done, so later starts read no timeline).
 */
export async function migrateUnreactedEvents(log: Logger): Promise<number> {
  if (await Counter.collection.findOne({ _id: PENDING_MIGRATED as never })) return 0;
  const unreacted = await TicketEvent.collection
    .find({ reacted: false }, { projection: { _id: 1, ticketId: 1 } })
    .toArray();
  for (let i = 0; i < unreacted.length; i += 50)
    await PendingReaction.collection
      .insertMany(
        unreacted.slice(i, i + 50).map((e) => ({ _id: e._id, ticketId: e.ticketId })),
        { ordered: false },
      )
      .catch((err: unknown) => {
        // rows already there (a start stopped half-way) are kept
        if ((err as { code?: number }).code !== 11000 && !(err as { writeErrors?: unknown }).writeErrors)
          throw err;
      });
  await Counter.collection.insertOne({ _id: PENDING_MIGRATED as never, seq: unreacted.length });
  if (unreacted.length)
    log.info({ events: unreacted.length }, 'unreacted ticket events moved to pending reactions');
  return unreacted.length;
}

/** What the process does to its data at start: key migration, number index, open-ticket mirror, retention. */
export async function startupMaintenance(
  config: Config,
  log: Logger,
  opts: { trim?: boolean } = {},
): Promise<void> {
  await migrateNaturalIds(log);
  await migrateUnreactedEvents(log);
  // directory documents an import was replacing when the process stopped
  await replayReplacements(
    Object.fromEntries(
      [Person, Unit, Zone, Room].map((m) => [m.collection.collectionName, m as unknown as ReplaceableModel]),
    ),
    log,
  );
  const numbered = await rebuildTicketNumbers();
  if (numbered) log.info({ numbered }, 'ticket number index rebuilt');
  // before anything reads or moves a ticket: open copies and tickets agree again
  const open = await reconcileOpenTickets();
  log.info({ open }, 'open tickets and their copies reconciled');
  if (opts.trim !== false) await trimHistory(config, log);
}
