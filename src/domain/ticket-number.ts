import { DateTime } from 'luxon';
import { nextSequence } from '../data/models/counter.js';
import { KIND_PREFIX, type TicketKind } from './roles.js';

/** Readable ticket numbers unique per community: `BX20261122-0001` (kind prefix, local date, sequence). */
export async function nextTicketNumber(
  communityId: string,
  kind: TicketKind,
  now: Date,
  timezone: string,
): Promise<string> {
  const day = DateTime.fromJSDate(now).setZone(timezone).toFormat('yyyyLLdd');
  const prefix = KIND_PREFIX[kind];
  const seq = await nextSequence(`ticket:${communityId}:${prefix}:${day}`);
  return `${prefix}${day}-${String(seq).padStart(4, '0')}`;
}

export const TICKET_NUMBER_PATTERN = /^(BX|TS|QZ|ZX|JY|BY)\d{8}-\d{4,}$/;
