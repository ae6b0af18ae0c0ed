import { z } from 'zod';
import type { Services } from '../../app.js';
import type { ConsoleRole } from '../../domain/console-roles.js';
import {
  PatrolService,
  patrolInput,
  patrolListQuery,
  patrolPhotoInput,
  patrolStatusQuery,
  photoParams,
} from '../../patrols/patrol-service.js';
import {
  VacantUnits,
  vacancyInput,
  vacantInspectionInput,
  vacantListQuery,
} from '../../patrols/vacant-service.js';
import { objectId } from '../../services/schemas.js';
import { actorOf } from '../auth.js';
import { route, type RouteSpec } from '../route-spec.js';

/** Who works with patrols and vacant units in the console (the services scope them by zone). */
const PATROL_ROLES: readonly ConsoleRole[] = [
  'admin',
  'cs_supervisor',
  'zone_manager',
  'director',
  'front_desk',
];
const PATROL_WRITERS: readonly ConsoleRole[] = ['admin', 'cs_supervisor', 'zone_manager', 'director'];
const unitParams = z.object({ unitId: objectId }).strict();

/**
 * GET/POST /patrols, GET /patrols/status, POST /patrols/photos, GET /patrols/photos/:fileId; GET /vacant-units, POST /vacant-units/:unitId/inspections,
 * PUT /vacant-units/:unitId (vacant or not).
 */
export function patrolRoutes({ config, tickets, photos }: Services): RouteSpec[] {
  const patrols = new PatrolService({ config, tickets, photos });
  const vacant = new VacantUnits({ config, tickets });
  const tag = 'patrols';
  return [
    route({
      method: 'get',
      path: '/patrols',
      tag,
      summary: "A month's patrols (daily, team, supervisor) in the caller's zones",
      roles: PATROL_ROLES,
      query: patrolListQuery,
      handler: async (ctx) => {
        ctx.body = await patrols.list(actorOf(ctx), ctx.query);
      },
    }),
    route({
      method: 'post',
      path: '/patrols',
      tag,
      summary:
        'Record a patrol: checklist areas in order or not; a problem with `ticket: true` becomes a ticket',
      roles: PATROL_WRITERS,
      body: patrolInput,
      handler: async (ctx) => {
        ctx.status = 201;
        ctx.body = await patrols.record(actorOf(ctx), ctx.request.body ?? {});
      },
    }),
    route({
      method: 'get',
      path: '/patrols/status',
      tag,
      summary:
        "Per zone: today's daily patrol, this week's team and supervisor patrols, the month's patrol score",
      roles: PATROL_ROLES,
      query: patrolStatusQuery,
      handler: async (ctx) => {
        ctx.body = await patrols.status(actorOf(ctx), ctx.query);
      },
    }),
    route({
      method: 'post',
      path: '/patrols/photos',
      tag,
      summary:
        'Store a patrol photo (base64 JPEG/PNG/GIF/WebP); its `fileId` then goes in the patrol’s `photos`',
      roles: PATROL_WRITERS,
      body: patrolPhotoInput,
      handler: async (ctx) => {
        ctx.status = 201;
        ctx.body = await patrols.savePhoto(actorOf(ctx), ctx.request.body ?? {});
      },
    }),
    route({
      method: 'get',
      path: '/patrols/photos/:fileId',
      tag,
      summary: 'A photo of a patrol in the caller’s zones',
      roles: PATROL_ROLES,
      params: photoParams,
      produces: ['image/jpeg', 'image/png', 'image/gif', 'image/webp'],
      handler: async (ctx) => {
        const photo = await patrols.photo(actorOf(ctx), ctx.params.fileId!);
        ctx.type = photo.contentType;
        ctx.set('cache-control', 'private, max-age=86400');
        ctx.body = photo.data;
      },
    }),
    route({
      method: 'get',
      path: '/vacant-units',
      tag,
      summary: "Vacant units with the month's inspections against `patrols.vacantPerMonth`",
      roles: PATROL_ROLES,
      query: vacantListQuery,
      handler: async (ctx) => {
        ctx.body = await vacant.list(actorOf(ctx), ctx.query);
      },
    }),
    route({
      method: 'post',
      path: '/vacant-units/:unitId/inspections',
      tag,
      summary: 'Record an inspection of a vacant unit; a problem with `ticket: true` becomes a ticket',
      roles: PATROL_WRITERS,
      params: unitParams,
      body: vacantInspectionInput,
      handler: async (ctx) => {
        ctx.status = 201;
        ctx.body = await vacant.inspect(actorOf(ctx), ctx.params.unitId!, ctx.request.body ?? {});
      },
    }),
    route({
      method: 'put',
      path: '/vacant-units/:unitId',
      tag,
      summary: 'Mark a unit vacant, or occupied again (keeps the vacant-unit list current)',
      roles: PATROL_WRITERS,
      params: unitParams,
      body: vacancyInput,
      handler: async (ctx) => {
        ctx.body = await vacant.setVacancy(actorOf(ctx), ctx.params.unitId!, ctx.request.body ?? {});
      },
    }),
  ];
}
