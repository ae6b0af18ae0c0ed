import { ConsoleUser, Person, Zone } from '../data/models/index.js';
import type { AuthService } from '../auth/auth-service.js';
import type { ConsoleRole } from '../domain/console-roles.js';

/** The demo's console users: one per role, each linked to the demo person who holds it. */
export const DEMO_CONSOLE_USERS: Array<{
  username: string;
  role: ConsoleRole;
  person?: string;
  zone?: string;
}> = [
  { username: 'admin', role: 'admin' },
  { username: 'kefu', role: 'cs_supervisor', person: '客服主管周敏' },
  { username: 'qiantai', role: 'front_desk', person: '前台小林' },
  { username: 'pianqu-a', role: 'zone_manager', person: '片区管理员A王芳', zone: 'A' },
  { username: 'zhuren', role: 'director', person: '主任郑国强' },
  { username: 'caiwu', role: 'finance', person: '财务陈会计' },
];

/** Creates the demo console users that do not exist yet (password: `console.demoPassword`). */
export async function seedDemoConsoleUsers(auth: AuthService, communityId: string, password: string) {
  let created = 0;
  for (const u of DEMO_CONSOLE_USERS) {
    if (await ConsoleUser.exists({ username: u.username })) continue;
    const person = u.person ? await Person.findOne({ communityId, name: u.person }).lean() : null;
    const zone = u.zone ? await Zone.findOne({ communityId, code: u.zone }).lean() : null;
    await auth.createUser({
      username: u.username,
      // a demo loaded before its person was added (demo data loads only into an empty database)
      displayName: person?.name ?? (u.role === 'admin' ? '管理员' : u.username),
      password,
      role: u.role,
      ...(u.role === 'admin' ? {} : { communityId }),
      ...(zone ? { zoneIds: [String(zone._id)] } : {}),
      ...(person ? { personId: String(person._id) } : {}),
    });
    created++;
  }
  return created;
}
