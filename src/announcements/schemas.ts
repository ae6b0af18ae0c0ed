import { z } from 'zod';
import { objectId } from '../services/schemas.js';
import { AUDIENCE_SCOPES, NOTICE_STATES, NOTICE_TYPES } from './model.js';

const date = z.coerce.date({ error: 'expected a date and time (ISO 8601)' });

const fields = z
  .object({
    communityId: objectId.optional(),
    type: z.enum(NOTICE_TYPES),
    title: z.string().trim().min(2).max(60),
    body: z.string().trim().min(2).max(1000),
    scope: z.enum(AUDIENCE_SCOPES),
    zoneIds: z.array(objectId).max(50).default([]),
    buildings: z
      .array(
        z
          .string()
          .trim()
          .regex(/^\d{1,3}$/, 'a building number'),
      )
      .max(200)
      .default([]),
    unitIds: z.array(objectId).max(500).default([]),
    startsAt: date,
    endsAt: date,
    publishAt: date.optional(),
    remind: z.boolean().default(false),
    notifyOwners: z.boolean().optional(),
  })
  .strict();

type Fields = z.output<typeof fields>;
const audienceNamed = (a: Partial<Fields>, ctx: z.RefinementCtx) => {
  const need = { zones: 'zoneIds', buildings: 'buildings', units: 'unitIds' } as const;
  if (a.scope && a.scope !== 'community') {
    const key = need[a.scope];
    if (!a[key]?.length)
      ctx.addIssue({ code: 'custom', path: [key], message: `at least one for audience ${a.scope}` });
  }
  if (a.startsAt && a.endsAt && a.endsAt <= a.startsAt)
    ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be after startsAt' });
};

/** A new notice (a draft until published). */
export const createNoticeInput = fields.superRefine(audienceNamed);
/** A draft or scheduled notice edited: the same fields, all given again (the dialog sends the whole form). */
export const updateNoticeInput = fields.omit({ communityId: true }).superRefine(audienceNamed);
export const publishNoticeInput = z.object({ publishAt: date.optional() }).strict();

export const listNoticesQuery = z
  .object({
    q: z.string().trim().max(60).optional(),
    state: z.enum(NOTICE_STATES).optional(),
    type: z.enum(NOTICE_TYPES).optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();

export type CreateNotice = z.output<typeof createNoticeInput>;
