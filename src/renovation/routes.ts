import { z } from 'zod';
import type { Context } from 'koa';
import { ValidationError } from '../domain/errors.js';
import { parse } from '../services/validate.js';
import type { Services } from '../app.js';
import { ANY_CONSOLE_ROLE, DESK_ROLES } from '../domain/console-roles.js';
import { actorOf } from '../http/auth.js';
import { route, type RouteSpec } from '../http/route-spec.js';
import type { Actor } from '../domain/actor.js';
import type { RenovationDoc } from './model.js';
import * as S from './schemas.js';
import { renovationViews } from './view.js';

/**
 * The raw image of an upload (the JSON/text body parser leaves other types unread), refused
 * before reading when its declared length is over the limit and cut off when it grows past it.
 */
async function readImage(ctx: Context, max: number): Promise<Buffer> {
  if (!/^image\//i.test(ctx.get('content-type')))
    throw new ValidationError(['body: expected an image (image/jpeg, image/png, image/gif or image/webp)']);
  if (Number(ctx.get('content-length') || 0) > max)
    throw new ValidationError([`photo: larger than ${max} bytes`]);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > max) throw new ValidationError([`photo: larger than ${max} bytes`]);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const show = async (ctx: Context, doc: RenovationDoc) => {
  ctx.body = (await renovationViews([doc]))[0];
};

/** Renovation routes (装修管理): wiring only; the renovation service validates, scopes and decides. */
export function renovationRoutes({ renovations, config }: Services): RouteSpec[] {
  const tag = 'renovations';
  const action = (
    path: string,
    summary: string,
    body: z.ZodType | undefined,
    run: (actor: Actor, id: string, body: unknown) => Promise<RenovationDoc>,
    roles = ANY_CONSOLE_ROLE,
  ) =>
    route({
      method: 'post',
      path: `/renovations/:id/${path}`,
      tag,
      summary,
      roles,
      params: S.renovationNumber,
      body,
      handler: async (ctx) => show(ctx, await run(actorOf(ctx), ctx.params.id!, ctx.request.body ?? {})),
    });
  return [
    route({
      method: 'post',
      path: '/renovations/:id/photos',
      tag,
      summary:
        'Upload a drawing or photo (JPEG, PNG, GIF or WebP, at most photos.maxBytes): to=application attaches it, to=record keeps it for the inspection or violation about to be recorded',
      roles: DESK_ROLES,
      params: S.renovationNumber,
      query: S.photoQuery,
      bodyType: 'image/*',
      handler: async (ctx) => {
        const { to } = parse(S.photoQuery, ctx.query);
        const bytes = await readImage(ctx, config.photos.maxBytes);
        const { doc, photo } = await renovations.addPhoto(actorOf(ctx), ctx.params.id!, bytes, to);
        ctx.status = 201;
        ctx.body = { photo, renovation: (await renovationViews([doc]))[0] };
      },
    }),
    route({
      method: 'get',
      path: '/renovations/:id/photos/:fileId',
      tag,
      summary: 'A drawing or photo of an application, its inspections or its violations',
      roles: ANY_CONSOLE_ROLE,
      params: S.photoParams,
      produces: ['image/jpeg', 'image/png', 'image/gif', 'image/webp'],
      handler: async (ctx) => {
        const { id, fileId } = parse(S.photoParams, ctx.params);
        const photo = await renovations.readPhoto(actorOf(ctx), id, fileId);
        ctx.type = photo.contentType;
        ctx.set('cache-control', 'private, max-age=3600');
        ctx.set('x-content-type-options', 'nosniff');
        ctx.body = photo.data;
      },
    }),
    route({
      method: 'get',
      path: '/renovations',
      tag,
      summary: 'Renovation applications the caller may see (zone-scoped), with search',
      roles: ANY_CONSOLE_ROLE,
      query: S.listQuery,
      handler: async (ctx) => {
        const items = await renovations.list(actorOf(ctx), ctx.query);
        ctx.body = { items: await renovationViews(items) };
      },
    }),
    route({
      method: 'post',
      path: '/renovations',
      tag,
      summary:
        'Register a renovation application at the front desk (start at least renovation.applyAhead ahead)',
      roles: DESK_ROLES,
      body: S.applyInput,
      handler: async (ctx) => {
        const doc = await renovations.apply(actorOf(ctx), ctx.request.body ?? {}, 'desk');
        ctx.status = 201;
        await show(ctx, doc);
      },
    }),
    route({
      method: 'get',
      path: '/renovations/:id',
      tag,
      summary: 'One renovation application with its reviews, permit, inspections, violations and history',
      roles: ANY_CONSOLE_ROLE,
      params: S.renovationNumber,
      handler: async (ctx) => {
        await show(ctx, await renovations.get(actorOf(ctx), ctx.params.id!));
        // the inspection checklist (renovation.checklist) for the console's inspection dialog
        // and the upload limit, so the console refuses a too-large photo before sending it
        ctx.body = {
          ...(ctx.body as object),
          checklist: config.renovation.checklist,
          photoMaxBytes: config.photos.maxBytes,
        };
      },
    }),
    action(
      'review',
      'Customer service or engineering approves or asks for changes (the applicant is told)',
      S.reviewInput,
      (a, id, b) => renovations.review(a, id, b),
    ),
    action(
      'resubmit',
      'Resubmit after changes were asked (both review again)',
      S.resubmitInput,
      (a, id, b) => renovations.resubmit(a, id, b),
      DESK_ROLES,
    ),
    action(
      'permit',
      'Record the renovation permit and worker passes (works may start)',
      S.permitInput,
      (a, id, b) => renovations.issuePermit(a, id, b),
    ),
    action(
      'extension',
      'Request an extension of the end date (at most renovation.periods.max in all)',
      S.extensionInput,
      (a, id, b) => renovations.requestExtension(a, id, b),
      DESK_ROLES,
    ),
    action(
      'extension/decision',
      'Approve or reject the pending extension request',
      S.extensionDecisionInput,
      (a, id, b) => renovations.decideExtension(a, id, b),
    ),
    action(
      'inspections',
      'Record the daily inspection: checklist, note, photos',
      S.inspectionInput,
      (a, id, b) => renovations.inspect(a, id, b),
    ),
    action(
      'violations',
      'Record a violation: the next step of the ladder (verbal warning → written notice → final warning → power cut)',
      S.violationInput,
      (a, id, b) => renovations.recordViolation(a, id, b),
    ),
    action('resume', 'Resume works after a power cut / clearance', z.object({}).strict(), (a, id) =>
      renovations.resume(a, id),
    ),
    action(
      'acceptance-request',
      'The applicant declares the works complete',
      z.object({}).strict(),
      (a, id) => renovations.requestAcceptance(a, id),
      DESK_ROLES,
    ),
    action(
      'acceptance',
      'Completion acceptance: passed (deposit refund scheduled) or failed (re-inspection)',
      S.acceptanceInput,
      (a, id, b) => renovations.accept(a, id, b),
    ),
    action(
      'cancel',
      'Cancel an application before works start',
      z.object({}).strict(),
      (a, id) => renovations.cancel(a, id),
      DESK_ROLES,
    ),
  ];
}
