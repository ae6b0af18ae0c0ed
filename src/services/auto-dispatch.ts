import { OpenTicket, Person } from '../data/models/index.js';
import { SYSTEM_ACTOR } from '../domain/actor.js';
import type { Config } from '../config/schema.js';
import type { Logger } from '../log.js';
import type { Ticket, TicketService } from './ticket-service.js';
import { AppError } from '../domain/errors.js';
import type { Happened } from '../ticket-events/index.js';
import { cachedRead } from '../data/directory-cache.js';
import { openLoad } from '../data/open-tickets.js';
import { hasSkillFor, needsSkill } from '../chat/understanding/labels.js';
import { movedZone } from '../ticket-events/add-detail.js';
import type { Notifier } from '../notify/notification.js';
import { recipientsFor } from '../notify/recipients.js';
import { remind, type JobContext } from '../scheduler/context.js';
import type { WorkingCalendar } from '../calendar/working-calendar.js';

const WORKING = ['dispatched', 'accepted', 'on_site'] as const;

export interface Candidate {
  id: string;
  name: string;
  skillMatch: boolean;
  open: number;
  /** Already has an open order at the same home: one visit for both. */
  sameUnit?: boolean;
}

/**
 * Pure ranking: workers with the ticket's skill first; among them one already going to the same
 * home (one visit, not two workers at the door in one afternoon); then the fewest open orders,
 * then by name; anyone at the cap is left out.
 */
export function rankCandidates(candidates: Candidate[], cap: number): Candidate[] {
  return candidates
    .filter((c) => c.open < cap)
    .sort(
      (a, b) =>
        Number(b.skillMatch) - Number(a.skillMatch) ||
        Number(Boolean(b.sameUnit)) - Number(Boolean(a.sameUnit)) ||
        a.open - b.open ||
        a.name.localeCompare(b.name, 'zh-CN'),
    );
}

export type Choice = { to: 'worker'; id: string } | { to: 'pool' } | { to: 'supervisor' };

/**
 * Pure: whom an order goes to. An order on a known topic (CATEGORY_SKILLS) goes only to a worker
 * with its skill: the best one under the cap; the department pool when every one of them is at
 * the cap; the department's supervisor when nobody in the zone has the skill (a gas leak is not
 * the lift fitter's because he is free). Without a topic: anyone of the department, as ranked.
 * Nobody of the department in the zone at all: the supervisor.
 */
export function chooseAssignee(candidates: Candidate[], cap: number, skillNeeded: boolean): Choice {
  const able = skillNeeded ? candidates.filter((c) => c.skillMatch) : candidates;
  if (!able.length) return { to: 'supervisor' };
  const best = rankCandidates(able, cap)[0];
  return best ? { to: 'worker', id: best.id } : { to: 'pool' };
}

/** The staff of the ticket's department working in its zone, with their load. */
export async function candidatesFor(t: Ticket): Promise<Candidate[]> {
  const filter = {
    communityId: t.communityId,
    roles: 'staff' as const,
    department: t.department ?? undefined,
    active: true,
    ...(t.zoneId ? { zoneIds: t.zoneId } : {}),
  };
  const people = await cachedRead('people', filter, () => Person.find(filter, { name: 1, skills: 1 }).lean());
  if (!people.length) return [];
  // everyone's load from the open tickets kept in memory (src/data/open-tickets.ts)
  const load = await openLoad(
    people.map((p) => String(p._id)),
    WORKING,
  );
  // who already works on another open order of the same home (the open-ticket mirror: bounded)
  const atHome = t.unitId
    ? new Set(
        (
          await OpenTicket.find(
            { unitId: t.unitId, state: { $in: WORKING }, _id: { $ne: t._id } },
            { assigneeId: 1 },
          ).lean()
        ).map((o) => String(o.assigneeId)),
      )
    : new Set<string>();
  return people.map((p) => ({
    id: String(p._id),
    name: p.name,
    skillMatch: hasSkillFor(p.skills, t.category),
    open: load.get(String(p._id)) ?? 0,
    sameUnit: atHome.has(String(p._id)),
  }));
}

/**
 * Nobody in the zone can do it: the order stays waiting for a dispatch (待派单) and the
 * department's supervisor is asked to pick someone (the front desk when the department has no
 * supervisor); the reminder is on the ticket's timeline.
 */
async function askSupervisor(ctx: JobContext, t: Ticket): Promise<void> {
  const role = (await recipientsFor(t, 'dept_supervisor')).length ? 'dept_supervisor' : 'front_desk';
  await remind(ctx, t, {
    message: 'no_skilled_worker',
    params: { category: needsSkill(t.category) ? t.category : 'undefined' },
    to: [role],
    occurrence: `no-skill:${String(t._id)}:${t.version}`,
  });
}

/** What the dispatcher works with (the order moved to another zone included). */
interface DispatchDeps {
  config: Config;
  tickets: TicketService;
  log: Logger;
  notifier: Notifier;
  calendar: WorkingCalendar;
}

/**
 * Dispatches repair and help tickets that are waiting for a worker, as configured: new ones and
 * ones a worker sent back (退单, whom the next choice passes over). auto: the best candidate with
 * the order's skill (chooseAssignee), the department pool when all of them are at the cap, or,
 * when nobody has the skill, left for the department's supervisor, who is asked; grab: the
 * department pool (first 抢单 wins); manual: left to the front desk, whom the dispatch deadline
 * reminds.
 */
export function autoDispatcher(deps: DispatchDeps) {
  return async (h: Happened): Promise<void> => {
    const t = h.ticket;
    const mode = deps.config.dispatch.mode;
    // moved to another zone (add_detail's place): a worker who does not cover it is replaced
    if (movedZone(h) && mode === 'auto' && t.assigneeId) return replaceOutsideZone(deps, t);
    const waiting = ['create', 'send_back'].includes(h.event) || movedZone(h);
    if (!waiting || t.state !== 'received' || mode === 'manual') return;
    if (!['repair', 'help'].includes(t.kind) || !t.department) return;
    let assigneeId: string | undefined;
    if (mode === 'auto') {
      const passedOver = new Set((t.sentBackBy ?? []).map(String));
      const candidates = (await candidatesFor(t)).filter((c) => !passedOver.has(c.id));
      const choice = chooseAssignee(
        candidates,
        deps.config.dispatch.maxOpenPerWorker,
        needsSkill(t.category),
      );
      if (choice.to === 'supervisor') {
        await askSupervisor({ ...deps, now: () => new Date() }, t);
        deps.log.info({ number: t.number, category: t.category }, 'nobody with the skill: supervisor asked');
        return;
      }
      if (choice.to === 'worker') assigneeId = choice.id;
    }
    try {
      await deps.tickets.dispatch(
        SYSTEM_ACTOR,
        { id: String(t._id), known: t }, // as the event left it: no read again
        { assigneeId, department: t.department },
      );
    } catch (err) {
      // someone dispatched (or cancelled) it meanwhile: nothing left to do
      if (err instanceof AppError && /^(transition_|ticket_changed)/.test(err.code)) return;
      throw err;
    }
    deps.log.info({ number: t.number, mode, assigneeId: assigneeId ?? null }, 'auto-dispatched');
  };
}

/**
 * The order moved to a zone its worker does not cover ("救命" at home in C区, then "3栋电梯里" in
 * B区): it is transferred to the best worker of the department in the new zone, whose accept
 * and arrival deadlines start again (the transfer's clocks; arrival then counts as a public
 * place's). Nobody there can take it: the worker stays on it and the supervisor is asked. A worker
 * already on site, or one covering the new zone, keeps it.
 */
async function replaceOutsideZone(deps: DispatchDeps, t: Ticket): Promise<void> {
  if (!['dispatched', 'accepted'].includes(t.state) || !t.zoneId || !t.department) return;
  const current = String(t.assigneeId);
  const worker = await Person.findById(t.assigneeId, { zoneIds: 1 }).lean();
  const zones = (worker?.zoneIds ?? []).map(String);
  if (worker && (!zones.length || zones.includes(String(t.zoneId)))) return;
  const candidates = (await candidatesFor(t)).filter((c) => c.id !== current);
  const choice = chooseAssignee(candidates, deps.config.dispatch.maxOpenPerWorker, needsSkill(t.category));
  if (choice.to !== 'worker') {
    await askSupervisor({ ...deps, now: () => new Date() }, t);
    deps.log.info({ number: t.number }, 'moved out of its worker’s zone, nobody there: supervisor asked');
    return;
  }
  try {
    await deps.tickets.transfer(SYSTEM_ACTOR, { id: String(t._id), known: t }, { assigneeId: choice.id });
  } catch (err) {
    // taken on, moved or closed meanwhile: whoever did it decided
    if (err instanceof AppError && /^(transition_|ticket_changed)/.test(err.code)) return;
    throw err;
  }
  deps.log.info({ number: t.number, assigneeId: choice.id }, 'moved zone: transferred to a worker there');
}
