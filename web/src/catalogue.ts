import { api } from './api';
import { t } from './i18n';
import type { TicketAction } from './types';

let actions: Promise<TicketAction[]> | undefined;

/** Each ticket action's form (GET /ticket-actions), fetched once per page load. */
export function ticketActions(): Promise<TicketAction[]> {
  actions ??= api<{ actions: TicketAction[] }>('/ticket-actions')
    .then((r) => r.actions)
    .catch((err) => {
      actions = undefined;
      throw err;
    });
  return actions;
}

interface Person {
  _id: string;
  name: string;
  department?: string;
}
let staff: Promise<Person[]> | undefined;

/**
 * Staff to assign, those of the ticket's department first (a plumbing order offers the
 * engineering staff before the cleaners), then by name.
 */
export async function staffFor(department?: string): Promise<Array<{ value: string; label: string }>> {
  staff ??= api<{ items: Person[] }>('/people?role=staff&pageSize=100').then((r) => r.items);
  const people = [...(await staff)].sort(
    (a, b) =>
      Number(b.department === department) - Number(a.department === department) ||
      (a.department ?? '').localeCompare(b.department ?? '') ||
      a.name.localeCompare(b.name, 'zh'),
  );
  return people.map((p) => ({
    value: p._id,
    label: `${p.name}${p.department ? ` · ${t(`department.${p.department}`)}` : ''}`,
  }));
}
