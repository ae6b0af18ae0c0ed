import { bodyParser } from '@koa/bodyparser';
import type { Context, Middleware, Next } from 'koa';
import { AppError } from '../domain/errors.js';

type Parser = ReturnType<typeof bodyParser>;

/** Charsets that are UTF-8 (or a subset of it) and need no decoding choice. */
const UTF8 = new Set(['utf-8', 'utf8', 'us-ascii', 'ascii']);

/** The charset parameter of a Content-Type header, lower case, or undefined. */
export function charsetOf(contentType: string): string | undefined {
  const m = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType);
  return m ? m[1]!.toLowerCase() : undefined;
}

/**
 * JSON and text bodies (CSV imports): the charset of the request is honoured (GBK, GB18030, Big5…
 * are decoded as such, never stored garbled) or refused with 415 `unsupported_charset`; a body
 * that cannot be decoded as its Content-Encoding says (a false `gzip`, an unknown coding) is a
 * 400 `bad_content_encoding`, not a 500.
 */
export function bodyMiddleware(limits: {
  bodyLimit: string | number;
  importLimit: string | number;
}): Middleware {
  const parsers = new Map<string, Parser>();
  const parserFor = (encoding: string): Parser => {
    let p = parsers.get(encoding);
    if (!p) {
      p = bodyParser({
        jsonLimit: limits.bodyLimit,
        textLimit: limits.importLimit,
        enableTypes: ['json', 'text'],
        extendTypes: { text: ['text/csv', 'text/plain'] },
        encoding,
      });
      parsers.set(encoding, p);
    }
    return p;
  };
  return async (ctx: Context, next: Next) => {
    const charset = charsetOf(ctx.get('content-type'));
    let encoding = 'utf-8';
    if (charset && !UTF8.has(charset)) {
      try {
        // the WHATWG name (gb2312 → gbk), which raw-body's iconv-lite also knows
        encoding = new TextDecoder(charset).encoding;
      } catch {
        throw new AppError('unsupported_charset', 415, { charset: charset.slice(0, 40) });
      }
    }
    try {
      await parserFor(encoding)(ctx, async () => undefined);
    } catch (err) {
      const e = err as { status?: unknown; type?: string; message?: string };
      if (e.type === 'encoding.unsupported')
        throw new AppError('unsupported_charset', 415, { charset: encoding });
      if (typeof e.status === 'number' && e.status < 500 && !/content-encoding/i.test(e.message ?? ''))
        throw err; // too large, malformed JSON: the error middleware renders them
      // an unknown Content-Encoding, or zlib failing on a body that is not what the header says
      throw new AppError('bad_content_encoding', 400, {
        encoding: ctx.get('content-encoding').slice(0, 40) || 'identity',
      });
    }
    await next();
  };
}
