import type { Context } from 'koa';
import { z } from 'zod';
import type { Services } from '../../app.js';
import {
  createNoticeInput,
  listNoticesQuery,
  publishNoticeInput,
  updateNoticeInput,
} from '../../announcements/schemas.js';
import { ANY_CONSOLE_ROLE, DESK_ROLES } from '../../domain/console-roles.js';
import { objectId } from '../../services/schemas.js';
import { parse } from '../../services/validate.js';
import { actorOf } from '../auth.js';
import { route, type RouteSpec } from '../route-spec.js';

const idParams = z.object({ id: objectId });

/**
 * Notices (通知公告): every console role reads them; the desk (a zone manager inside their zones)
 * writes, publishes and cancels.
 */
export function announcementRoutes({ announcements }: Services): RouteSpec[] {
  const tag = 'announcements';
  const withId = (ctx: Context) => parse(idParams, ctx.params).id;
  return [
    route({
      method: 'get',
      path: '/announcements',
      tag,
      summary: 'List notices (q: title or text; state; type), newest window first',
      roles: ANY_CONSOLE_ROLE,
      query: listNoticesQuery,
      handler: async (ctx) => {
        ctx.body = await announcements.list(actorOf(ctx), ctx.query);
      },
    }),
    route({
      method: 'get',
      path: '/announcements/:id',
      tag,
      summary: 'One notice',
      roles: ANY_CONSOLE_ROLE,
      params: idParams,
      handler: async (ctx) => {
        ctx.body = await announcements.get(actorOf(ctx), withId(ctx));
      },
    }),
    route({
      method: 'post',
      path: '/announcements',
      tag,
      summary: 'Write a notice (a draft): type, title, body, audience, time window, reminder',
      roles: DESK_ROLES,
      body: createNoticeInput,
      handler: async (ctx) => {
        ctx.status = 201;
        ctx.body = await announcements.create(actorOf(ctx), ctx.request.body ?? {});
      },
    }),
    route({
      method: 'put',
      path: '/announcements/:id',
      tag,
      summary: 'Edit a draft or scheduled notice (the whole form)',
      roles: DESK_ROLES,
      params: idParams,
      body: updateNoticeInput,
      handler: async (ctx) => {
        ctx.body = await announcements.update(actorOf(ctx), withId(ctx), ctx.request.body ?? {});
      },
    }),
    route({
      method: 'post',
      path: '/announcements/:id/publish',
      tag,
      summary: "Publish now (owners' groups and owners told) or at publishAt (a scheduled job)",
      roles: DESK_ROLES,
      params: idParams,
      body: publishNoticeInput,
      handler: async (ctx) => {
        ctx.body = await announcements.publish(actorOf(ctx), withId(ctx), ctx.request.body ?? {});
      },
    }),
    route({
      method: 'post',
      path: '/announcements/:id/cancel',
      tag,
      summary: 'Withdraw a notice: not published, not reminded, no longer answered from in chat',
      roles: DESK_ROLES,
      params: idParams,
      handler: async (ctx) => {
        ctx.body = await announcements.cancel(actorOf(ctx), withId(ctx));
      },
    }),
    route({
      method: 'delete',
      path: '/announcements/:id',
      tag,
      summary: 'Delete a draft',
      roles: DESK_ROLES,
      params: idParams,
      handler: async (ctx) => {
        ctx.body = await announcements.remove(actorOf(ctx), withId(ctx));
      },
    }),
  ];
}
