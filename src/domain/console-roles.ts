/**
 * Who may use the web console and the API, and what each route allows. A console user holds one
 * of these roles; every route names the roles it accepts (src/http/routes/*), and the ticket
 * scope and state machine then decide per ticket as they do for chat users.
 */
export const CONSOLE_ROLES = ['admin', 'cs_supervisor', 'zone_manager', 'front_desk', 'director'] as const;
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

/** Role groups the routes use. */
export const ANY_CONSOLE_ROLE: readonly ConsoleRole[] = CONSOLE_ROLES;
/** Registers tickets and people; runs the desk. */
export const DESK_ROLES: readonly ConsoleRole[] = ['admin', 'cs_supervisor', 'front_desk', 'zone_manager'];
/** Edits the directory: people, units, rooms and binding codes. */
export const DIRECTORY_EDITORS: readonly ConsoleRole[] = ['admin', 'cs_supervisor', 'front_desk'];
/** Edits the community's structure: zones, inspection scores. */
export const SUPERVISORS: readonly ConsoleRole[] = ['admin', 'cs_supervisor'];
export const ADMIN_ONLY: readonly ConsoleRole[] = ['admin'];
