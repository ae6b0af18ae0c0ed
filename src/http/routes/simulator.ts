import Router from '@koa/router';
import { z } from 'zod';
import type { Services } from '../../app.js';
import { AppError, NotFoundError } from '../../domain/errors.js';
import { parse } from '../../services/validate.js';

const messageInput = z
  .object({
    from: z.string().trim().min(1).max(40),
    room: z.string().trim().min(1).max(60).optional(),
    text: z.string().max(20_000).default(''),
    mentionBot: z.boolean().default(false),
    image: z
      .string()
      .max(1_400_000)
      .regex(/^[A-Za-z0-9+/=\s]+$/, 'expected base64')
      .optional(),
  })
  .strict()
  .refine((m) => m.text.length > 0 || m.image, 'text or image is required');

const outboxQuery = z
  .object({
    after: z.coerce.number().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

/**
 * The chat simulator (demo mode with the mock puppet): a message from any demo person, in a
 * direct chat or a group, goes through the real pipeline; the answer lists every message the bot
 * sent because of it, dispatch notices to staff included.
 */
export function simulatorRoutes(services: Services): Router {
  const router = new Router();
  const desk = () => {
    const chat = services.chat;
    if (!services.config.demo || !chat?.simulate) throw new AppError('simulator_disabled', 404);
    return chat;
  };
  router.post('/simulator/messages', async (ctx) => {
    const chat = desk();
    const m = parse(messageInput, ctx.request.body ?? {});
    if (m.room && !chat.hasRoom?.(m.room)) throw new NotFoundError('room', { topic: m.room });
    const result = await chat.simulate!({
      from: m.from,
      room: m.room,
      text: m.text,
      mentionBot: m.mentionBot,
      image: m.image ? Buffer.from(m.image, 'base64') : undefined,
    });
    ctx.body = result;
  });
  router.get('/simulator/outbox', async (ctx) => {
    const chat = desk();
    const q = parse(outboxQuery, ctx.query);
    ctx.body = { items: await chat.outbox!(q.after, q.limit) };
  });
  return router;
}

/** GET /bot/qr: the login QR code while the bot waits for a scan (admin token required). */
export function botRoutes(services: Services): Router {
  const router = new Router();
  router.get('/bot/qr', async (ctx) => {
    const qr = services.chat?.qrCode();
    if (!qr) throw new NotFoundError('qr_code');
    ctx.body = qr;
  });
  return router;
}
