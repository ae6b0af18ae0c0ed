import { Types, type QueryFilter } from 'mongoose';
import type { Actor } from './actor.js';
import { RESIDENT_ROLES } from './roles.js';

const ids = (list: string[]) => list.map((id) => new Types.ObjectId(id));
const NOTHING = { _id: null };

/**
 * The tickets an actor may see (domain.md; seed 002): residents their own and their units'
 * tickets; staff their assignments and their department in their zones; department supervisors
 * their department; zone managers their zones; front desk, customer-service supervisor and
 * director the whole community; head office, admin and the scheduler everything.
 */
export function ticketScope(actor: Actor): QueryFilter<unknown> {
  if (actor.kind === 'admin' || actor.kind === 'system' || actor.roles.includes('head_office')) return {};
  if (!actor.communityId || !actor.personId) return NOTHING;
  const me = new Types.ObjectId(actor.personId);
  const community = new Types.ObjectId(actor.communityId);
  const zones = ids(actor.zoneIds);
  const branches: QueryFilter<unknown>[] = [];
  for (const role of actor.roles) {
    if (role === 'front_desk' || role === 'cs_supervisor' || role === 'director')
      return { communityId: community };
    if (role === 'zone_manager' && zones.length) branches.push({ zoneId: { $in: zones } });
    if (role === 'dept_supervisor' && actor.department) branches.push({ department: actor.department });
    if (role === 'staff') {
      branches.push({ assigneeId: me });
      if (actor.department) {
        // zone-less tickets (community-wide public areas) belong to the whole department
        branches.push(
          zones.length
            ? { department: actor.department, zoneId: { $in: [...zones, null] } }
            : { department: actor.department },
        );
      }
    }
  }
  if (actor.roles.some((r) => RESIDENT_ROLES.includes(r))) {
    branches.push({ reporterId: me }, { 'linked.personId': me });
    if (actor.unitIds.length) branches.push({ unitId: { $in: ids(actor.unitIds) } });
  }
  if (!branches.length) return NOTHING;
  return { communityId: community, $or: branches };
}

/**
 * A household's repairs (domain.md: a unit has owners, family members and tenants): the in-unit
 * repairs filed for the actor's own units, by whoever of the household filed them. Never another
 * kind (a complaint or an inquiry stays its author's), never a public-area report.
 */
export function householdRepairs(actor: Actor): QueryFilter<unknown> {
  if (!actor.unitIds.length || !actor.roles.some((r) => RESIDENT_ROLES.includes(r))) return NOTHING;
  return { kind: 'repair', scope: 'in_unit', unitId: { $in: ids(actor.unitIds) } };
}
