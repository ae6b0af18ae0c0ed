import { Types } from 'mongoose';
import { Person } from '../data/models/index.js';
import type { Ticket } from '../services/ticket-service.js';
import { cachedRead } from '../data/directory-cache.js';

export type RecipientRole =
  | 'assignee'
  | 'reporter'
  | 'dept_supervisor'
  | 'zone_manager'
  | 'cs_supervisor'
  | 'front_desk'
  | 'director'
  | 'head_office';

export interface Recipient {
  personId: string;
  name: string;
  language?: string;
  audience: 'owner' | 'staff';
}

/** The people holding `role` for this ticket (its assignee, its zone's manager, …), active only. */
export async function recipientsFor(ticket: Ticket, role: RecipientRole): Promise<Recipient[]> {
  const community = ticket.communityId;
  let filter: Record<string, unknown>;
  switch (role) {
    case 'assignee':
      if (!ticket.assigneeId) return [];
      filter = { _id: ticket.assigneeId };
      break;
    case 'reporter':
      if (!ticket.reporterId) return [];
      filter = { _id: ticket.reporterId };
      break;
    case 'dept_supervisor':
      if (!ticket.department) return [];
      filter = { communityId: community, roles: 'dept_supervisor', department: ticket.department };
      break;
    case 'zone_manager':
      if (!ticket.zoneId) return [];
      filter = {
        communityId: community,
        roles: 'zone_manager',
        zoneIds: new Types.ObjectId(String(ticket.zoneId)),
      };
      break;
    default:
      filter = { communityId: community, roles: role };
  }
  const query = { ...filter, active: true };
  const people = await cachedRead('people', query, () => Person.find(query, { name: 1, language: 1 }).lean());
  return people.map((p) => ({
    personId: String(p._id),
    name: p.name,
    language: p.language ?? undefined,
    audience: role === 'reporter' ? 'owner' : 'staff',
  }));
}
