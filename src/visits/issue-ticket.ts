import { understand } from '../chat/understand.js';
import type { TicketKind } from '../domain/roles.js';

/**
 * What a household raised during a visit, as a ticket: its kind and department read like an
 * owner's report (a public place such as the corridor makes it a public-facility ticket in the
 * unit's building); anything that reads as no particular kind is a suggestion for customer service.
 */
export function issueTicket(text: string, building: string) {
  const u = understand(text);
  const kind: Exclude<TicketKind, 'praise'> =
    u.kind && u.kind !== 'praise' && u.kind !== 'suggestion' && (u.isReport || u.kind === 'repair')
      ? u.kind
      : 'suggestion';
  // a suggestion ("希望增加儿童游乐设施") stays with the household; a problem at a public place
  // is that place's, in the unit's building unless it names one ("楼道" → "1栋楼道")
  const location =
    kind !== 'suggestion' && u.scope === 'public' && u.location
      ? /\d\s*(栋|号楼|幢|座)/.test(u.location)
        ? u.location
        : `${building}栋${u.location}`
      : undefined;
  return { kind, department: u.department, location };
}
