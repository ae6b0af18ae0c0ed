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

/** Role groups, as the server's routes name them: the console only hides. */
export {
  ADMIN_ONLY,
  ANY_CONSOLE_ROLE,
  CONSOLE_ROLES,
  DESK_ROLES,
  DIRECTORY_EDITORS,
  FEE_IMPORTERS,
  FEE_READERS,
  SUPERVISORS,
} from '../../src/domain/console-roles';

/** The page a role starts on: after sign-in, and instead of a page it may not open. */
const LANDING: Partial<Record<ConsoleRole, string>> = { finance: '/fees' };
export const landing = (): string => (session.me && LANDING[session.me.role]) || '/board';

export const can = (roles: readonly ConsoleRole[]) => !!session.me && roles.includes(session.me.role);
