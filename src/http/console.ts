import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Router from '@koa/router';
import type { Context, Next } from 'koa';
import serve from 'koa-static';
import type { Services } from '../app.js';
import { LANGUAGES } from '../config/schema.js';
import { NotFoundError } from '../domain/errors.js';
import { projectRoot } from '../paths.js';

/** The console as Vite builds it from web/ (`npm run build:web`; `npm start` and `npm test` build it when stale). */
export const CONSOLE_DIST = join(projectRoot, 'dist', 'web');

/** What the console needs of a locale: its own texts plus the domain's names (states, kinds…). */
const CONSOLE_KEYS = [
  'console',
  'web',
  'ticket',
  'department',
  'category',
  'errors',
  'report',
  'room',
  'renovation',
  'surveys',
  'announcements',
  'fees',
  'patrols',
  'visits',
];

function consoleLocale(lng: string): string {
  const all = JSON.parse(readFileSync(join(projectRoot, 'locales', `${lng}.json`), 'utf8')) as Record<
    string,
    unknown
  >;
  return JSON.stringify(Object.fromEntries(CONSOLE_KEYS.map((k) => [k, all[k]])));
}

/** The console's locale texts (the built app fetches them at start and on a language switch). */
export function consoleRoutes(_services: Services): Router {
  const router = new Router();
  const locales = new Map<string, string>();
  router.get('/console/locales/:lng.json', async (ctx) => {
    const lng = ctx.params.lng!;
    if (!(LANGUAGES as readonly string[]).includes(lng)) throw new NotFoundError('locale', { lng });
    if (!locales.has(lng)) locales.set(lng, consoleLocale(lng));
    ctx.type = 'application/json';
    ctx.set('cache-control', 'no-cache');
    ctx.body = locales.get(lng);
  });
  return router;
}

/**
 * The built console: index.html is revalidated on every load, the hashed files under assets/
 * are cached for a year. Anything else falls through to 404.
 */
export function consoleFiles() {
  if (!existsSync(join(CONSOLE_DIST, 'index.html')))
    console.error(`[console] ${CONSOLE_DIST} is missing: run \`npm run build:web\` (npm start does it)`);
  const files = serve(CONSOLE_DIST, { index: 'index.html', maxage: 0, hidden: false });
  return async (ctx: Context, next: Next) => {
    await files(ctx, next);
    if (ctx.path.startsWith('/assets/') && ctx.status === 200)
      ctx.set('cache-control', 'public, max-age=31536000, immutable');
  };
}
