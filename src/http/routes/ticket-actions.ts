import type { Services } from '../../app.js';
import { ANY_CONSOLE_ROLE } from '../../domain/console-roles.js';
import { route, type RouteSpec } from '../route-spec.js';
import { CONSOLE_ACTIONS } from '../../ticket-events/index.js';

/** GET /ticket-actions: each event's form, from the event catalogue (the console builds its dialogs from it). */
export function ticketActionRoutes(_services: Services): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/ticket-actions',
      tag: 'tickets',
      summary: "Each ticket action's form: its event, route segment and fields",
      roles: ANY_CONSOLE_ROLE,
      handler: async (ctx) => {
        ctx.body = { actions: CONSOLE_ACTIONS };
      },
    }),
  ];
}
