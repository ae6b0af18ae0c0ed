import { KIND_PREFIX } from '../../domain/roles.js';

const PREFIXES = Object.values(KIND_PREFIX).join('|');
const NUMBER = new RegExp(`\\b(${PREFIXES})\\s?(\\d{8})-?(\\d{4})\\b`, 'i');

/** The first ticket number in a text (a quoted dispatch message counts), normalised: BX20261122-0001. */
export function findTicketNumber(text: string): string | undefined {
  const m = NUMBER.exec(text);
  return m ? `${m[1]!.toUpperCase()}${m[2]}-${m[3]}` : undefined;
}

/** The text without its ticket number(s). */
export function withoutTicketNumber(text: string): string {
  return text.replace(new RegExp(NUMBER.source, 'gi'), ' ').replace(/\s+/g, ' ').trim();
}
