import { z } from 'zod';
import { DEPARTMENTS, TICKET_KINDS } from '../domain/roles.js';
import { TICKET_STATES } from '../domain/ticket-states.js';
import { moneySchema } from './input-rules.js';

/** Shared zod pieces for every input that reaches the domain (chat, HTTP, jobs, import). */
export const objectId = z.string().regex(/^[a-f0-9]{24}$/i, 'expected an id (24 hex characters)');
export const phone = z
  .string()
  .trim()
  .regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, 'expected a mobile number (1[3-9] and 9 digits) or a landline');
export const note = z.string().trim().min(1).max(2000);
/** More than 0, at most two decimals, at most `money.max` (src/services/input-rules.ts). */
export const money = moneySchema;

export const createTicketInput = z
  .object({
    communityId: objectId.optional(),
    kind: z.enum(TICKET_KINDS),
    department: z.enum(DEPARTMENTS).optional(),
    category: z.string().trim().max(60).optional(),
    scope: z.enum(['in_unit', 'public']).optional(),
    unitId: objectId.optional(),
    zoneId: objectId.optional(),
    location: z.string().trim().max(200).optional(),
    reporterId: objectId.optional(),
    reporterName: z.string().trim().max(60).optional(),
    phone: phone.optional(),
    description: z.string().trim().min(1).max(2000),
    urgency: z.enum(['normal', 'urgent']).default('normal'),
    appointment: z
      .object({ from: z.coerce.date(), to: z.coerce.date().optional() })
      .strict()
      .refine((a) => !a.to || a.to >= a.from, 'appointment end is before its start')
      .optional(),
    /** Idempotency key: a second create with it returns the first ticket (chat flows set it). */
    sourceKey: z.string().min(1).max(200).optional(),
    subject: z
      .object({
        personId: objectId.optional(),
        zoneId: objectId.optional(),
        text: z.string().max(200).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type CreateTicketInput = z.input<typeof createTicketInput>;

// Each ticket event's input is declared with the event, in src/ticket-events/.

export const listTicketsQuery = z
  .object({
    state: z
      .string()
      .transform((s) => s.split(','))
      .pipe(z.array(z.enum(TICKET_STATES)))
      .optional(),
    kind: z.enum(TICKET_KINDS).optional(),
    department: z.enum(DEPARTMENTS).optional(),
    zone: objectId.optional(),
    assignee: objectId.optional(),
    reporter: objectId.optional(),
    /** With `reporter` the caller: their household's in-unit repairs too (householdRepairs). */
    household: z.enum(['true', 'false']).optional(),
    unit: objectId.optional(),
    from: z.coerce.date().optional(),
    to: z.coerce.date().optional(),
    overdue: z.enum(['true', 'false']).optional(),
    q: z.string().trim().min(1).max(100).optional(),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).default(20),
  })
  .strict();
export type ListTicketsQuery = z.input<typeof listTicketsQuery>;
