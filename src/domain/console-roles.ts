/**
 * Who may use the web console and the API, and what each route allows. A console user holds one
 * of these roles; every route names the roles it accepts (src/http/routes/*), and the ticket
 * scope and state machine then decide per ticket as they do for chat users.
 */
export const CONSOLE_ROLES = [
  'admin',
  'cs_supervisor',
  'zone_manager',
  'front_desk',
  'director',
  /** 财务: the fee pages only (import, records, arrears, collection rates) and their own sign-in. */
  'finance',
] as const;
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

// Role groups the routes use.

/** Every role that works the desk (tickets, directory, reports, live events): all but finance. */
export const ANY_CONSOLE_ROLE: readonly ConsoleRole[] = CONSOLE_ROLES.filter((r) => r !== 'finance');
/** Every console role, finance included: the signed-in user, sign-out and one's own API tokens. */
export const EVERY_CONSOLE_ROLE: readonly ConsoleRole[] = CONSOLE_ROLES;
/** Registers tickets and people; runs the desk. */
export const DESK_ROLES: readonly ConsoleRole[] = ['admin', 'cs_supervisor', 'front_desk', 'zone_manager'];
/** Edits the directory: people, units, rooms and binding codes. */
export const DIRECTORY_EDITORS: readonly ConsoleRole[] = ['admin', 'cs_supervisor', 'front_desk'];
/** Edits the community's structure: zones, inspection scores. */
export const SUPERVISORS: readonly ConsoleRole[] = ['admin', 'cs_supervisor'];
export const ADMIN_ONLY: readonly ConsoleRole[] = ['admin'];
/** Fees (催费): the arrears and collection rates, and the list of zones to filter them by. */
export const FEE_READERS: readonly ConsoleRole[] = [...ANY_CONSOLE_ROLE, 'finance'];
/** Fees: the finance CSV import. */
export const FEE_IMPORTERS: readonly ConsoleRole[] = [...DIRECTORY_EDITORS, 'finance'];
/** Fees: one unit's record for a month (a payment recorded stops the reminders). */
export const FEE_WRITERS: readonly ConsoleRole[] = [...DESK_ROLES, 'finance'];
