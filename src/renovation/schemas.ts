import { z } from 'zod';
import { objectId } from '../services/schemas.js';
import { RENOVATION_STATES, REVIEWERS, SIZES } from './rules.js';

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as "YYYY-MM-DD"')
  .refine(
    (s) =>
      !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    'no such date',
  );
const text = (max: number) => z.string().trim().min(1, 'required').max(max);
const photo = z.object({
  fileId: z.string().min(1).max(100),
  contentType: z.string().max(100).optional(),
  size: z.number().int().nonnegative().optional(),
  sha256: z.string().max(100).optional(),
});

export const renovationNumber = z.object({
  id: z.string().regex(/^RN\d{8}-\d{4,}$/, 'a renovation number, e.g. RN20261202-0001'),
});

export const photoQuery = z.object({ to: z.enum(['application', 'record']).default('application') }).strict();
export const photoParams = renovationNumber.extend({
  fileId: z.string().regex(/^[0-9a-f]{24}$/i, 'a photo id'),
});

/** An application: by the owner in chat, or registered by the front desk for an applicant. */
export const applyInput = z
  .object({
    unitId: objectId,
    /** Front desk only: the resident applying (an owner or tenant of the unit). */
    applicantId: objectId.optional(),
    company: text(100),
    scope: text(500),
    size: z.enum(SIZES).default('small'),
    startDate: isoDay,
    endDate: isoDay,
    photos: z.array(photo).max(9).default([]),
    /** Tenants: the owner's written authorisation (授权委托书). */
    ownerAuthorization: z.object({ ownerName: text(50), note: z.string().max(200).optional() }).optional(),
  })
  .strict();
export type ApplyInput = z.input<typeof applyInput>;

export const reviewInput = z
  .object({
    reviewer: z.enum(REVIEWERS),
    decision: z.enum(['approve', 'changes']),
    note: z.string().trim().max(500).optional(),
  })
  .strict()
  .refine((r) => r.decision === 'approve' || Boolean(r.note), {
    message: 'say what should change',
    path: ['note'],
  });

export const resubmitInput = applyInput
  .pick({ company: true, scope: true, size: true, startDate: true, endDate: true })
  .partial()
  .extend({ note: z.string().trim().max(500).optional() })
  .strict();

export const permitInput = z
  .object({
    permitNumber: text(50),
    workerPasses: z
      .array(z.object({ name: text(50), passNumber: z.string().trim().max(50).optional() }).strict())
      .max(100)
      .default([]),
  })
  .strict();

export const extensionInput = z.object({ until: isoDay, reason: text(300) }).strict();
export const extensionDecisionInput = z.object({ decision: z.enum(['approved', 'rejected']) }).strict();

export const inspectionInput = z
  .object({
    checklist: z.record(z.string().regex(/^[a-z_]+$/), z.boolean()),
    note: z.string().trim().max(500).optional(),
    photos: z.array(photo).max(9).default([]),
  })
  .strict();

export const violationInput = z
  .object({ note: text(500), evidence: z.array(photo).max(9).default([]) })
  .strict();

export const acceptanceInput = z
  .object({ passed: z.boolean(), note: z.string().trim().max(500).optional() })
  .strict()
  .refine((a) => a.passed || Boolean(a.note), { message: 'say what must be fixed', path: ['note'] });

export const listQuery = z
  .object({
    state: z.enum(RENOVATION_STATES).optional(),
    zone: objectId.optional(),
    q: z.string().trim().max(50).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
