import Router from '@koa/router';
import type { Services } from '../../app.js';
import { actorOf } from '../auth.js';

/**
 * POST /binding-codes {purpose: staff, personId} | {purpose: room, roomPurpose, zoneId?, department?}
 * → a one-time code; POST /binding-codes/:code/approve|reject decides a pending owner binding.
 */
export function bindingCodeRoutes({ bindings }: Services): Router {
  const router = new Router();
  router.post('/binding-codes', async (ctx) => {
    ctx.status = 201;
    ctx.body = await bindings.issue(actorOf(ctx), ctx.request.body ?? {});
  });
  router.post('/binding-codes/:code/:decision', async (ctx) => {
    const decision = ctx.params.decision;
    if (decision !== 'approve' && decision !== 'reject') {
      ctx.status = 404;
      ctx.body = { error: { code: 'route_not_found', message: 'approve or reject' } };
      return;
    }
    const d = await bindings.decideOwner(actorOf(ctx), ctx.params.code!, decision === 'approve');
    ctx.body = { approved: d.approved, name: d.name, unit: d.unit };
  });
  return router;
}
