import { z } from 'zod';
import type { Services } from '../../app.js';
import type { ConsoleRole } from '../../domain/console-roles.js';
import { objectId } from '../../services/schemas.js';
import {
  keyCustomerInput,
  meetingInput,
  monthQuery,
  VisitService,
  visitInput,
  visitListQuery,
} from '../../visits/visit-service.js';
import { actorOf } from '../auth.js';
import { route, type RouteSpec } from '../route-spec.js';

const VISIT_READERS: readonly ConsoleRole[] = [
  'admin',
  'cs_supervisor',
  'zone_manager',
  'director',
  'front_desk',
];
const VISIT_WRITERS: readonly ConsoleRole[] = ['admin', 'cs_supervisor', 'zone_manager', 'director'];
const unitParams = z.object({ unitId: objectId }).strict();

/** Household visits: records, plans, coverage per zone, key customers and building meetings. */
export function visitRoutes({ config, tickets }: Services): RouteSpec[] {
  const visits = new VisitService({ config, tickets });
  const tag = 'visits';
  return [
    route({
      method: 'get',
      path: '/visits',
      tag,
      summary: "A month's household visits in the caller's zones",
      roles: VISIT_READERS,
      query: visitListQuery,
      handler: async (ctx) => {
        ctx.body = await visits.list(actorOf(ctx), ctx.query);
      },
    }),
    route({
      method: 'post',
      path: '/visits',
      tag,
      summary: 'Record a household visit (method, notes); each issue with `ticket: true` becomes a ticket',
      roles: VISIT_WRITERS,
      body: visitInput,
      handler: async (ctx) => {
        ctx.status = 201;
        ctx.body = await visits.record(actorOf(ctx), ctx.request.body ?? {});
      },
    }),
    route({
      method: 'get',
      path: '/visits/coverage',
      tag,
      summary:
        'Per zone: monthly household coverage, key customers (month and cycle), supervisor visits, meetings',
      roles: VISIT_READERS,
      query: monthQuery,
      handler: async (ctx) => {
        ctx.body = await visits.coverage(actorOf(ctx), ctx.query);
      },
    }),
    route({
      method: 'get',
      path: '/visits/remaining',
      tag,
      summary:
        "The caller's households still to visit: the zone's assistant this month, the supervisor this year's plan",
      roles: VISIT_WRITERS,
      query: monthQuery,
      handler: async (ctx) => {
        ctx.body = await visits.remaining(actorOf(ctx), ctx.query);
      },
    }),
    route({
      method: 'get',
      path: '/visits/plans',
      tag,
      summary: "Each zone's visit plan for the month (made by the plans job, or now if missing)",
      roles: VISIT_READERS,
      query: monthQuery,
      handler: async (ctx) => {
        ctx.body = await visits.plans(actorOf(ctx), ctx.query);
      },
    }),
    route({
      method: 'put',
      path: '/visits/key-customers/:unitId',
      tag,
      summary: 'Mark a unit a key customer (重点客户), or not',
      roles: VISIT_WRITERS,
      params: unitParams,
      body: keyCustomerInput,
      handler: async (ctx) => {
        ctx.body = await visits.setKeyCustomer(actorOf(ctx), ctx.params.unitId!, ctx.request.body ?? {});
      },
    }),
    route({
      method: 'post',
      path: '/visits/meetings',
      tag,
      summary: 'Record a building meeting (楼长会) for the current period',
      roles: VISIT_WRITERS,
      body: meetingInput,
      handler: async (ctx) => {
        ctx.status = 201;
        ctx.body = await visits.recordMeeting(actorOf(ctx), ctx.request.body ?? {});
      },
    }),
  ];
}
