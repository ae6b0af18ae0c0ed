import { reactive } from 'vue';
import { api, setCsrf } from './api';
import type { ConsoleRole, Me } from './types';

/** Who is signed in (null before sign-in). */
export const session = reactive<{ me: Me | null }>({ me: null });

export async function loadMe(): Promise<Me | null> {
  try {
    const me = await api<Me>('/auth/me');
    setCsrf(me.csrfToken);
    session.me = me;
  } catch {
    session.me = null;
  }
  return session.me;
}

export async function signIn(username: string, password: string): Promise<void> {
  const r = await api<{ csrfToken: string }>('/auth/login', { method: 'POST', json: { username, password } });
  setCsrf(r.csrfToken);
  await loadMe();
}

export async function signOut(): Promise<void> {
  await api('/auth/logout', { method: 'POST' }).catch(() => undefined);
  setCsrf(undefined);
  session.me = null;
}

/** Role groups, as the server's routes name them (src/domain/console-roles.ts): the console only hides. */
export const CONSOLE_ROLES: ConsoleRole[] = [
  'admin',
  'cs_supervisor',
  'zone_manager',
  'front_desk',
  'director',
  'finance',
];
/** Every desk role (tickets, directory, reports, live events): all but finance. */
export const ANY_CONSOLE_ROLE: ConsoleRole[] = CONSOLE_ROLES.filter((r) => r !== 'finance');
export const DESK_ROLES: ConsoleRole[] = ['admin', 'cs_supervisor', 'front_desk', 'zone_manager'];
export const DIRECTORY_EDITORS: ConsoleRole[] = ['admin', 'cs_supervisor', 'front_desk'];
export const SUPERVISORS: ConsoleRole[] = ['admin', 'cs_supervisor'];
export const ADMIN_ONLY: ConsoleRole[] = ['admin'];
/** Fees: arrears and collection rates are read by every role; the CSV is imported by the editors and finance. */
export const FEE_READERS: ConsoleRole[] = [...ANY_CONSOLE_ROLE, 'finance'];
export const FEE_IMPORTERS: ConsoleRole[] = [...DIRECTORY_EDITORS, 'finance'];

/** The page a role starts on: after sign-in, and instead of a page it may not open. */
const LANDING: Partial<Record<ConsoleRole, string>> = { finance: '/fees' };
export const landing = (): string => (session.me && LANDING[session.me.role]) || '/board';

export const can = (roles: readonly ConsoleRole[]) => !!session.me && roles.includes(session.me.role);
