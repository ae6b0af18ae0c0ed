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
export const DESK_ROLES: ConsoleRole[] = ['admin', 'cs_supervisor', 'front_desk', 'zone_manager'];
export const DIRECTORY_EDITORS: ConsoleRole[] = ['admin', 'cs_supervisor', 'front_desk'];
export const SUPERVISORS: ConsoleRole[] = ['admin', 'cs_supervisor'];
export const ADMIN_ONLY: ConsoleRole[] = ['admin'];

export const can = (roles: readonly ConsoleRole[]) => !!session.me && roles.includes(session.me.role);
