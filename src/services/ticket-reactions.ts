import { AsyncLocalStorage } from 'node:async_hooks';
import type { Types } from 'mongoose';
import type { Config } from '../config/schema.js';
import { PendingReaction, TicketEvent } from '../data/models/index.js';
import { readTicket } from '../data/ticket-store.js';
import type { TicketDoc } from '../data/models/ticket.js';
import type { TicketEventName, TicketState } from '../domain/ticket-states.js';
import type { Logger } from '../log.js';
import type { Happened } from '../ticket-events/index.js';
import { BatchWriter } from '../data/batch.js';

/** Deletes the pending-reaction rows of events reacted to (models/pending-reaction.ts). */
const reactedMarks = new BatchWriter(() => PendingReaction.collection);

/** Something that happens after a ticket changed: dispatch, notices, job planning, live updates. */
export type Reactor = (h: Happened) => Promise<void>;

/** An event whose reactions are this old and still not done was left by a crashed process. */
const RECOVER_AFTER_MS = 30_000;

/** How a recovery mends what a crash left half-written. */
export interface Repair {
  /** Recreates a ticket whose creation was logged but never written. */
  restore: (createEvent: Record<string, unknown>) => Promise<TicketDoc | undefined>;
  /** Applies a ticket's logged but unapplied events (those stored before `before` at least). */
  rollForward?: (ticketId: Types.ObjectId, before: Date) => Promise<number>;
}

/**
 * Runs the reactions to ticket events after the change is stored, outside the caller's request:
 * per ticket in timeline order (a dispatch that a creation caused is reacted to after the
 * creation), each reactor on its own (one failing never stops another), and exactly once in
 * effect: an event's pending-reaction row (written with the event) is deleted only when every
 * reactor succeeded, and the events whose rows a crash left are reacted to again on start
 * (reactors are idempotent: notices carry dedupe keys, dispatch is a guarded transition, job
 * planning converges).
 *
 * A chat message's handler runs inside `deferred()`: the reactions it causes start only once its
 * own replies are queued, so the owner's answer always comes first.
 */
export class TicketReactions {
  private readonly reactors: Reactor[] = [];
  private readonly chains = new Map<string, Promise<void>>();
  private readonly scope = new AsyncLocalStorage<{ held: Happened[]; open: boolean }>();
  /** Events whose reactions are waiting or running in this process. */
  private readonly queued = new Set<string>();
  private recovering?: Promise<number>;

  constructor(
    private readonly config: Config,
    private readonly log: Logger,
  ) {}

  add(reactor: Reactor): void {
    this.reactors.push(reactor);
  }

  /** Queues the reactions to a stored event (held until the enclosing `deferred` ends). */
  enqueue(h: Omit<Happened, 'config'>): void {
    const happened = { ...h, config: this.config } as Happened;
    const scope = this.scope.getStore();
    // a scope that has ended no longer holds: its context can outlive it (the outbox's 'queued'
    // event runs the sender in it, and a message the sender's send causes is handled in it)
    if (scope?.open) scope.held.push(happened);
    else this.schedule(happened);
  }

  /** Runs `fn`; the reactions to the events it stores start when it has finished. */
  async deferred<T>(fn: () => Promise<T>): Promise<T> {
    const scope = { held: [] as Happened[], open: true };
    try {
      return await this.scope.run(scope, fn);
    } finally {
      scope.open = false;
      for (const h of scope.held) this.schedule(h);
    }
  }

  /** Resolves when every reaction queued so far (and those they queued) has run. */
  async idle(): Promise<void> {
    while (this.chains.size) await Promise.allSettled([...this.chains.values()]);
    await reactedMarks.flushNow();
  }

  private schedule(h: Happened): void {
    const id = String(h.eventId);
    if (this.queued.has(id)) return; // already waiting or running here (a recovery while slow)
    this.queued.add(id);
    const key = String(h.ticket._id);
    const run = (this.chains.get(key) ?? Promise.resolve()).then(() => this.run(h));
    this.chains.set(key, run);
    void run.finally(() => {
      this.queued.delete(id);
      if (this.chains.get(key) === run) this.chains.delete(key);
    });
  }

  private async run(h: Happened): Promise<void> {
    let failed = 0;
    for (const reactor of this.reactors) {
      try {
        await reactor(h);
      } catch (err) {
        failed++;
        this.log.error(
          { err, number: h.ticket.number, event: h.event, seq: h.seq },
          'ticket reaction failed',
        );
      }
    }
    if (failed) return; // left pending: tried again by the next recovery
    // batched with the deletes of the next moments (lost in a crash, the reactions run again on
    // start: every reactor is idempotent)
    void reactedMarks
      .deleteByIdSoon(h.eventId)
      .catch((err: unknown) => this.log.warn({ err, number: h.ticket.number }, 'reaction mark failed'));
  }

  /**
   * Reacts again to events a crashed process stored but never finished reacting to (older than a
   * grace period, so another live process's reactions are not doubled; or stored before
   * `storedBefore`, this process's start, when no other process can share the database).
   * `repair` recreates a ticket whose creation was logged but never written and applies events
   * logged but never applied. Returns how many events were replayed.
   */
  async recover(repair: Repair, now = new Date(), storedBefore?: Date): Promise<number> {
    // one recovery at a time: a periodic one that comes while the start's still runs is skipped
    if (this.recovering) return 0;
    this.recovering = this.recoverNow(repair, now, storedBefore);
    try {
      return await this.recovering;
    } finally {
      this.recovering = undefined;
    }
  }

  private async recoverNow(
    { restore, rollForward }: Repair,
    now: Date,
    storedBefore?: Date,
  ): Promise<number> {
    const cutoff = Math.max(now.getTime() - RECOVER_AFTER_MS, storedBefore?.getTime() ?? 0);
    // the pending rows, not the timeline: a read of a collection sized by work in flight
    const pending = (await PendingReaction.find({}).lean()).filter(
      (p) => p._id.getTimestamp().getTime() < cutoff && !this.queued.has(String(p._id)),
    );
    const events = [];
    for (const p of pending) {
      const e = await TicketEvent.findById(p._id).lean();
      if (e) events.push(e);
      else await PendingReaction.deleteOne({ _id: p._id }); // a crash before its event was stored
    }
    events.sort((a, b) => String(a.ticketId).localeCompare(String(b.ticketId)) || a.seq - b.seq);
    let replayed = 0;
    const timelines = new Map<string, Array<{ seq: number; patch?: unknown }>>();
    for (const e of events) {
      let ticket: TicketDoc | null | undefined = await readTicket<TicketDoc>(e.ticketId);
      if (!ticket && e.event === 'create') ticket = await restore(e as never);
      if (!ticket) {
        // no ticket to react for (an interrupted creation made again under another id)
        await PendingReaction.deleteOne({ _id: e._id });
        continue;
      }
      if (ticket.version < e.seq) {
        // logged but never applied (killed between the two writes), and nothing else may ever
        // touch this ticket again: applied now, then reacted to like any other
        if (!rollForward) continue;
        await rollForward(e.ticketId, new Date(cutoff));
        ticket = await readTicket<TicketDoc>(e.ticketId);
        if (!ticket || ticket.version < e.seq) continue;
      }
      if (e.event === 'remind') {
        // a reminder recorded as an event by an earlier version: applied, never reacted to
        await PendingReaction.deleteOne({ _id: e._id });
        continue;
      }
      const key = String(e.ticketId);
      if (!timelines.has(key))
        timelines.set(
          key,
          await TicketEvent.find({ ticketId: e.ticketId }, { seq: 1, patch: 1 }).sort({ seq: 1 }).lean(),
        );
      const timeline = timelines.get(key)!;
      this.schedule({
        eventId: e._id,
        event: e.event as TicketEventName,
        seq: e.seq,
        from: (e.from as TicketState | undefined) ?? null,
        to: (e.to as TicketState | undefined) ?? null,
        note: e.note ?? null,
        data: (e.data as Record<string, unknown> | undefined) ?? null,
        actorName: e.actorName ?? null,
        actorId: e.actorId ? String(e.actorId) : null,
        actorKind: e.actorKind as Happened['actorKind'],
        // the ticket as this event left it (and as it was before), rebuilt from the timeline
        ticket: asOf(ticket, timeline, e.seq),
        before: e.seq > 0 ? asOf(ticket, timeline, e.seq - 1) : null,
        recovered: true,
        config: this.config,
      });
      replayed++;
    }
    await this.idle();
    if (replayed) this.log.warn({ replayed }, 'reacted to ticket events left by a stopped process');
    return replayed;
  }
}

/**
 * The ticket as it stood after event `seq`: its patches folded from the creation on (the creation
 * logs every field). Tickets logged before creations carried their fields are taken as they are.
 */
export function asOf(
  current: TicketDoc,
  timeline: ReadonlyArray<{ seq: number; patch?: unknown }>,
  seq: number,
): TicketDoc {
  const created = timeline.find((e) => e.seq === 0)?.patch;
  if (!Array.isArray(created) || !created.length) return current;
  const doc: Record<string, unknown> = {
    _id: current._id,
    number: current.number,
    createdAt: current.createdAt,
  };
  for (const e of timeline) {
    if (e.seq > seq) break;
    for (const { path, value } of (e.patch as Array<{ path: string; value: unknown }>) ?? []) {
      const parts = path.split('.');
      let o = doc;
      for (const p of parts.slice(0, -1)) o = (o[p] ??= {}) as Record<string, unknown>;
      o[parts.at(-1)!] = value;
    }
  }
  return doc as unknown as TicketDoc;
}
