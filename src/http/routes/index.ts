import { z } from 'zod';
import type { Services } from '../../app.js';
import { ANY_CONSOLE_ROLE } from '../../domain/console-roles.js';
import type { LiveUpdates } from '../live-updates.js';
import { openApiDocument } from '../openapi.js';
import { actorOf, credentialOf } from '../auth.js';
import type { Authenticated } from '../../auth/auth-service.js';
import { route, type RouteSpec } from '../route-spec.js';
import { authRoutes } from './auth.js';
import { bindingCodeRoutes } from './binding-codes.js';
import { directoryRoutes } from './directory.js';
import { importRoutes } from './imports.js';
import { knowledgeRoutes } from './knowledge.js';
import { patrolRoutes } from './patrols.js';
import { visitRoutes } from './visits.js';
import { reportRoutes } from './reports.js';
import { settingsRoutes } from './settings.js';
import { simulatorRoutes } from './simulator.js';
import { surveyRoutes } from './surveys.js';
import { ticketRoutes } from './tickets.js';
import { ticketActionRoutes } from './ticket-actions.js';
import { renovationRoutes } from '../../renovation/routes.js';
import { announcementRoutes } from './announcements.js';
import { feeRoutes } from './fees.js';

/** Every /api/v1 route, in one list: mounted by the server and described by the OpenAPI document. */
export function apiRoutes(services: Services, live: LiveUpdates): RouteSpec[] {
  const specs: RouteSpec[] = [
    ...authRoutes(services),
    ...ticketRoutes(services),
    ...ticketActionRoutes(services),
    ...directoryRoutes(services),
    ...importRoutes(services),
    ...bindingCodeRoutes(services),
    ...reportRoutes(services),
    ...settingsRoutes(services),
    ...simulatorRoutes(services),
    ...knowledgeRoutes(services),
    ...renovationRoutes(services),
    ...surveyRoutes(services),
    ...announcementRoutes(services),
    ...feeRoutes(services),
    ...patrolRoutes(services),
    ...visitRoutes(services),
    route({
      method: 'get',
      path: '/events',
      tag: 'tickets',
      summary: 'Server-sent events: `ticket` {number, state, version} when a visible ticket changes',
      roles: ANY_CONSOLE_ROLE,
      query: z.object({}).strict(),
      produces: ['text/event-stream'],
      handler: async (ctx) => {
        const auth = ctx.state.auth as Authenticated;
        const secret = credentialOf(ctx);
        live.open(ctx, actorOf(ctx), {
          userId: auth.user?.id,
          stillValid: () => services.auth.stillValid(auth, secret),
        });
      },
    }),
  ];
  let doc: unknown;
  specs.push(
    route({
      method: 'get',
      path: '/openapi.json',
      tag: 'meta',
      summary: 'This document',
      roles: 'public',
      handler: async (ctx) => {
        doc ??= openApiDocument(specs, { title: 'wuye-desk API', version: '1' });
        ctx.body = doc;
      },
    }),
  );
  return specs;
}
