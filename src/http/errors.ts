import type { Context, Next } from 'koa';
import { AppError, NotFoundError } from '../domain/errors.js';
import { languageFromHeader, translator } from '../i18n.js';
import type { Logger } from '../log.js';

/** The one error renderer: `{ "error": { "code", "message" } }`, message in the caller's language. */
export function errorMiddleware(log: Logger) {
  return async (ctx: Context, next: Next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) throw new NotFoundError('route', { path: ctx.path });
    } catch (err) {
      const t = translator(languageFromHeader(ctx.get('accept-language')));
      const status = (err as { status?: unknown }).status;
      let appErr: AppError;
      if (err instanceof AppError) appErr = err;
      else if (status === 413) appErr = new AppError('payload_too_large', 413);
      else if (status === 415) appErr = new AppError('unsupported_media_type', 415);
      else if (typeof status === 'number' && status >= 400 && status < 500) {
        // body parser and koa client errors (malformed JSON, bad encoding…)
        appErr = new AppError('bad_request', 400, { details: (err as Error).message });
      } else {
        log.error({ err, path: ctx.path, method: ctx.method }, 'unhandled error');
        appErr = new AppError('internal', 500);
      }
      ctx.status = appErr.status;
      ctx.body = {
        error: {
          code: appErr.code,
          message: t(`errors.${appErr.code}`, {
            ...appErr.params,
            defaultValue: t('errors.generic', { code: appErr.code }),
          }),
        },
      };
    }
  };
}
