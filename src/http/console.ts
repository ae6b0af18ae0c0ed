import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Router from '@koa/router';
import serve from 'koa-static';
import type { Services } from '../app.js';
import { LANGUAGES } from '../config/schema.js';
import { NotFoundError } from '../domain/errors.js';
import { projectRoot } from '../paths.js';

const WEB = join(projectRoot, 'web');

/** Third-party browser files, served from node_modules (no bundler, no CDN: works offline). */
const VENDOR: Record<string, string> = {
  'echarts.min.js': 'node_modules/echarts/dist/echarts.min.js',
  'i18next.min.js': 'node_modules/i18next/dist/umd/i18next.min.js',
};

/** What the console needs of a locale: its own texts plus the domain's names (states, kinds…). */
const CONSOLE_KEYS = ['console', 'ticket', 'department', 'category', 'errors', 'report'];

function consoleLocale(lng: string): string {
  const all = JSON.parse(readFileSync(join(projectRoot, 'locales', `${lng}.json`), 'utf8')) as Record<
    string,
    unknown
  >;
  return JSON.stringify(Object.fromEntries(CONSOLE_KEYS.map((k) => [k, all[k]])));
}

/** The web console: static files in web/, vendor scripts, and the console's locale texts. */
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
  router.get('/vendor/:file', async (ctx) => {
    const file = Object.hasOwn(VENDOR, ctx.params.file!) ? VENDOR[ctx.params.file!] : undefined;
    if (!file) throw new NotFoundError('route', { path: ctx.path });
    ctx.type = 'application/javascript';
    ctx.set('cache-control', 'public, max-age=86400');
    ctx.body = createReadStream(join(projectRoot, file));
  });
  return router;
}

/** The console's own files (index.html, app scripts, styles); anything else falls through to 404. */
export const consoleFiles = () => serve(WEB, { index: 'index.html', maxage: 0, hidden: false });
