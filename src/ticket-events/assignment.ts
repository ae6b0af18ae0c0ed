import type { TicketDoc } from '../data/models/ticket.js';
import type { Department } from '../domain/roles.js';
import { AppError, ValidationError } from '../domain/errors.js';
import type { Effect, EffectContext } from './define.js';

/**
 * Who an order is assigned to (dispatch, transfer): an active staff member of the community, of
 * the repair's department and covering its zone.
 */
export async function assignment(
  c: EffectContext,
  t: TicketDoc,
  assigneeId?: string,
  department?: Department,
  note?: string,
): Promise<Effect> {
  const set: Record<string, unknown> = { dispatchedAt: c.now, acceptedAt: null, arrivedAt: null };
  if (department) set.department = department;
  if (assigneeId) {
    const person = await c.staff(assigneeId, t.communityId);
    if (!person) throw new ValidationError(['assigneeId: not an active staff member of this community']);
    // A repair goes to its trade: a lift order is not a cleaner's unless the department is moved
    // on purpose (named with the dispatch); and to someone who covers the ticket's zone.
    const trade = department ?? t.department;
    if (t.kind === 'repair' && trade && person.department && person.department !== trade)
      throw new AppError('assignee_other_department', 422, {
        name: person.name,
        department: person.department,
        wanted: trade,
      });
    const zones = (person.zoneIds ?? []).map(String);
    if (t.zoneId && zones.length && !zones.includes(String(t.zoneId)))
      throw new AppError('assignee_other_zone', 422, { name: person.name });
    set.assigneeId = person._id;
    set.assigneeName = person.name;
    if (!department && person.department) set.department = person.department;
  } else {
    set.assigneeId = null;
    set.assigneeName = null;
  }
  if (!set.department && !t.department) throw new ValidationError(['department: required to dispatch']);
  return {
    set,
    note,
    data: {
      assigneeId: assigneeId ?? null,
      department: set.department ?? t.department,
      previousAssigneeId: t.assigneeId ? String(t.assigneeId) : null,
      previousAssigneeName: t.assigneeName ?? null,
    },
  };
}

const EDGES = /^[\s,，。.:：;；、]+|[\s,，。.:：;；、]+$/g;

/**
 * The words said with a 派给 / 转给 but the colleague's name (`said`, found in the normalised
 * `rest`) and any @mention: "孫師傅 一起去" → "一起去". `written` is the same text as the sender
 * wrote it (their script), cut at the same place when it is as long.
 */
export function noteBesideName(written: string, rest: string, said?: string): string | undefined {
  let text = written;
  if (said) {
    const at = rest.indexOf(said);
    text =
      at >= 0 && rest.length === written.length
        ? `${written.slice(0, at)} ${written.slice(at + said.length)}`
        : written.replace(said, ' ');
  }
  return (
    text
      .replace(/@\S*/g, ' ')
      .replace(/\s+/g, ' ')
      .replace(/ (?=[，,。；;、：:])|(?<=[，,。；;、：:]) /g, '')
      .replace(EDGES, '')
      .trim() || undefined
  );
}
