import type { ConsoleRole } from './console-roles.js';
import type { Department, Role } from './roles.js';

/**
 * Who is asking. Built from a bound chat identity, an API token or the scheduler; every domain
 * call takes one, and every guard and query scope reads it.
 */
export interface Actor {
  kind: 'person' | 'admin' | 'system';
  personId?: string;
  name?: string;
  roles: Role[];
  communityId?: string;
  zoneIds: string[];
  department?: Department;
  /** Units the person lives in (any relation). */
  unitIds: string[];
  language?: string;
  /** Set when the actor came through the console or the API: the role the routes check. */
  consoleRole?: ConsoleRole;
  /** The console user behind a session or API token. */
  userId?: string;
}

export const SYSTEM_ACTOR: Actor = { kind: 'system', name: 'system', roles: [], zoneIds: [], unitIds: [] };
export const ADMIN_ACTOR: Actor = {
  kind: 'admin',
  name: 'admin',
  roles: [],
  zoneIds: [],
  unitIds: [],
  consoleRole: 'admin',
};

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return actor.roles.some((r) => roles.includes(r));
}
