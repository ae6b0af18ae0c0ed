import { z } from 'zod';
import { LANGUAGES } from '../config/schema.js';
import { CONSOLE_ROLES } from '../domain/console-roles.js';
import { objectId } from '../services/schemas.js';

/** bcrypt reads 72 bytes; 64 characters of any script stays under that for ASCII and most CJK. */
const password = z.string().max(64, 'at most 64 characters');
export const username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._-]{3,40}$/, '3–40 letters, digits, ".", "_" or "-"');

export const loginInput = z.object({ username, password: password.min(1) }).strict();

export const consoleUserInput = z
  .object({
    username,
    displayName: z.string().trim().min(1).max(60),
    password,
    role: z.enum(CONSOLE_ROLES),
    communityId: objectId.optional(),
    zoneIds: z.array(objectId).max(50).default([]),
    personId: objectId.optional(),
    language: z.enum(LANGUAGES).optional(),
  })
  .strict()
  .superRefine((u, ctx) => {
    if (u.role !== 'admin' && !u.communityId)
      ctx.addIssue({ code: 'custom', path: ['communityId'], message: 'required for every role but admin' });
    if (u.role === 'admin' && u.communityId)
      ctx.addIssue({ code: 'custom', path: ['communityId'], message: 'admins are not tied to a community' });
    if (u.role === 'zone_manager' && !u.zoneIds.length)
      ctx.addIssue({ code: 'custom', path: ['zoneIds'], message: 'a zone manager needs at least one zone' });
  });

export const consoleUserPatch = z
  .object({
    displayName: z.string().trim().min(1).max(60).optional(),
    password: password.optional(),
    zoneIds: z.array(objectId).max(50).optional(),
    language: z.enum(LANGUAGES).optional(),
    active: z.boolean().optional(),
  })
  .strict();

export const apiTokenInput = z
  .object({
    name: z.string().trim().min(1).max(60),
    /** Days until the token stops working; none: until revoked. */
    expiresInDays: z.number().int().min(1).max(3650).optional(),
    /** Admins may issue a token for another user; everyone else for themselves. */
    userId: objectId.optional(),
  })
  .strict();

export const pageQuery = z
  .object({
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();
