import { appliesTo } from '../../src/chat/command.js';
import type { ChatContext } from '../../src/chat/context.js';
import type { Role } from '../../src/domain/roles.js';

const ctx = (roles: Role[] | undefined, purpose?: string) =>
  ({
    actor: roles ? { roles } : undefined,
    inGroup: Boolean(purpose),
    room: purpose ? { purpose } : undefined,
  }) as unknown as ChatContext;

describe('appliesTo', () => {
  const managers = { roles: ['zone_manager', 'front_desk'] as Role[], places: ['direct', 'staff'] as const };

  it('lets a declared role use the command in a declared place', () => {
    expect(appliesTo(managers, ctx(['zone_manager']))).toBe(true);
    expect(appliesTo(managers, ctx(['front_desk'], 'staff'))).toBe(true);
  });

  it('passes over other roles, unbound speakers and other places', () => {
    expect(appliesTo(managers, ctx(['owner']))).toBe(false);
    expect(appliesTo(managers, ctx(undefined))).toBe(false);
    expect(appliesTo(managers, ctx(['zone_manager'], 'owners'))).toBe(false);
  });

  it('applies everywhere to everyone when a command declares nothing', () => {
    expect(appliesTo({}, ctx(undefined, 'owners'))).toBe(true);
  });
});
