import Router from '@koa/router';
import type { Services } from '../../app.js';
import { actorOf } from '../auth.js';

export function directoryRoutes({ directory }: Services): Router {
  const router = new Router();
  router.get('/people', async (ctx) => {
    ctx.body = await directory.listPeople(actorOf(ctx), ctx.query);
  });
  router.get('/units', async (ctx) => {
    ctx.body = await directory.listUnits(actorOf(ctx), ctx.query);
  });
  return router;
}
