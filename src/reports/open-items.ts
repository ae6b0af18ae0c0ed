import { OpenTicket, Zone } from '../data/models/index.js';
import type { Actor } from '../domain/actor.js';
import { isOverdue } from '../domain/sla.js';
import { OPEN_STATES } from '../domain/ticket-states.js';
import { ticketScope } from '../domain/ticket-scope.js';
import { inCommunity } from '../services/community-scope.js';

export interface OpenByZone {
  zone: string;
  zoneId: string | null;
  open: number;
  overdue: number;
}

/**
 * Open and overdue tickets per zone, now, in the caller's scope (the dashboard's bar chart). One
 * query with a projection; counted in code, which FerretDB and MongoDB answer alike.
 */
export async function openItemsByZone(actor: Actor, now = new Date()): Promise<OpenByZone[]> {
  const [tickets, zones] = await Promise.all([
    OpenTicket.find(
      { $and: [ticketScope(actor), { state: { $in: OPEN_STATES } }] },
      { zoneId: 1, sla: 1 },
    ).lean(),
    Zone.find({ ...inCommunity(actor), active: true }, { code: 1, name: 1 })
      .sort({ code: 1 })
      .lean(),
  ]);
  const rows = new Map<string, OpenByZone>(
    zones.map((z) => [String(z._id), { zone: z.name, zoneId: String(z._id), open: 0, overdue: 0 }]),
  );
  for (const t of tickets) {
    const key = t.zoneId ? String(t.zoneId) : 'none';
    if (!rows.has(key))
      rows.set(key, { zone: key === 'none' ? '-' : key, zoneId: t.zoneId ? key : null, open: 0, overdue: 0 });
    const row = rows.get(key)!;
    row.open++;
    if (isOverdue(t.sla as Parameters<typeof isOverdue>[0], now)) row.overdue++;
  }
  return [...rows.values()];
}
