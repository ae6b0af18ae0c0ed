import { z } from 'zod';
import { amountText, moneySchema, paidSchema } from '../services/input-rules.js';
import { objectId } from '../services/schemas.js';
import { monthSchema } from './periods.js';

/** One unit's fee for one month, set through the API (the CSV rows say the same). */
export const feeRecordInput = z
  .object({
    unitId: objectId,
    period: monthSchema,
    amountDue: moneySchema,
    amountPaid: paidSchema.default(0),
  })
  .strict()
  .refine((r) => r.amountPaid <= r.amountDue, { path: ['amountPaid'], message: 'more than amountDue' });

/** A CSV row: unit ("3栋2单元1201" or "3-2-1201"), period, amount due, paid (header names in English or Chinese). */
export const feeCsvRow = z.object({
  unit: z.string().trim().min(1, 'required'),
  period: monthSchema,
  amountDue: amountText(moneySchema),
  // an empty cell (or no column): nothing paid
  paid: z.preprocess((v) => (v === '' || v === undefined ? '0' : v), amountText(paidSchema)),
});

export const arrearsQuery = z
  .object({
    zoneId: objectId.optional(),
    period: monthSchema.optional(),
    q: z.string().trim().max(40).optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();

export const collectionQuery = z
  .object({ month: monthSchema.optional(), zoneId: objectId.optional() })
  .strict();

export const feeImportQuery = z.object({ communityId: objectId.optional() }).strict();
