import { z } from 'zod';
import type { Context } from 'koa';
import type { Services } from '../../app.js';
import { ANY_CONSOLE_ROLE } from '../../domain/console-roles.js';
import { NotFoundError } from '../../domain/errors.js';
import type { ImportJob } from '../../services/import-jobs.js';
import { parse } from '../../services/validate.js';
import { actorOf } from '../auth.js';
import { route, type RouteSpec } from '../route-spec.js';

const jobParams = z.object({ id: z.string().regex(/^[a-f0-9]{16}$/) }).strict();

/**
 * Background imports (`POST /<kind>/import?background=true`): progress and report, and cancel.
 * A job is seen by the console user who started it and by admins; anyone else gets 404.
 */
export function importRoutes({ importJobs }: Services): RouteSpec[] {
  const own = (ctx: Context, job: ImportJob | undefined): ImportJob => {
    const actor = actorOf(ctx);
    if (!job || (actor.consoleRole !== 'admin' && job.startedBy !== actor.userId))
      throw new NotFoundError('import_job');
    return job;
  };
  return [
    route({
      method: 'get',
      path: '/imports/:id',
      tag: 'directory',
      summary: 'A background import: state, rows done of total, and its report when it ended',
      roles: ANY_CONSOLE_ROLE,
      params: jobParams,
      handler: async (ctx) => {
        ctx.body = own(ctx, importJobs.get(parse(jobParams, ctx.params).id));
      },
    }),
    route({
      method: 'delete',
      path: '/imports/:id',
      tag: 'directory',
      summary: 'Stop a background import after the batch being written (what was written stays)',
      roles: ANY_CONSOLE_ROLE,
      params: jobParams,
      handler: async (ctx) => {
        const { id } = parse(jobParams, ctx.params);
        own(ctx, importJobs.get(id));
        ctx.body = importJobs.cancel(id);
      },
    }),
  ];
}
