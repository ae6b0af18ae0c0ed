import { whileDatabaseDown } from '../../data/errors.js';
import { z } from 'zod';
import type { Services } from '../../app.js';
import { AppError, NotFoundError } from '../../domain/errors.js';
import { parse } from '../../services/validate.js';
import { Types } from 'mongoose';
import { ChatIdentity, Person, Room, Unit } from '../../data/models/index.js';
import type { Actor } from '../../domain/actor.js';
import { zoneLimited } from '../../services/zone-scope.js';
import { ADMIN_ONLY, ANY_CONSOLE_ROLE } from '../../domain/console-roles.js';
import { inCommunity } from '../../services/community-scope.js';
import { actorOf } from '../auth.js';
import { route, type RouteSpec } from '../route-spec.js';

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

type Speaker = { zoneIds?: unknown[] | null; units?: Array<{ unitId: unknown }> | null };

/** The units of a zone-limited actor's zones (undefined: no zone limit). */
async function unitsOfZones(actor: Actor): Promise<Set<string> | undefined> {
  if (!zoneLimited(actor)) return undefined;
  const units = await Unit.find(
    { zoneId: { $in: actor.zoneIds.map((z) => new Types.ObjectId(z)) } },
    { _id: 1 },
  ).lean();
  return new Set(units.map((u) => String(u._id)));
}

/** A zone manager speaks as the residents and staff of their zones only. */
function inActorZones(actor: Actor, p: Speaker, zoneUnits: Set<string> | undefined): boolean {
  if (!zoneUnits) return true;
  return (
    (p.zoneIds ?? []).some((z) => actor.zoneIds.includes(String(z))) ||
    (p.units ?? []).some((u) => zoneUnits.has(String(u.unitId)))
  );
}

/**
 * Whom a console user may speak as in the simulator: an admin anyone; others a bound, active
 * person of their own community (a zone manager: of their zones). Another's is "not found".
 */
async function mayActFor(actor: Actor, name: string): Promise<boolean> {
  if (actor.kind === 'admin') return true;
  const candidates = await Person.find(
    { ...inCommunity(actor), name, active: true },
    { zoneIds: 1, units: 1 },
  ).lean();
  const zoneUnits = await unitsOfZones(actor);
  return candidates.some((p) => inActorZones(actor, p, zoneUnits));
}

/**
 * The chat simulator (demo mode with the mock puppet): a message from any demo person, in a
 * direct chat or a group, goes through the real pipeline; the answer lists every message the bot
 * sent because of it, dispatch notices to staff included.
 */
export function simulatorRoutes(services: Services): RouteSpec[] {
  const desk = () => {
    const chat = services.chat;
    if (!services.config.demo || !chat?.simulate) throw new AppError('simulator_disabled', 404);
    return chat;
  };
  const tag = 'simulator';
  return [
    route({
      method: 'get',
      path: '/simulator/cast',
      tag,
      summary: 'Who can speak in the simulator (bound demo people) and where (registered groups)',
      roles: ANY_CONSOLE_ROLE,
      handler: async (ctx) => {
        desk();
        const actor = actorOf(ctx);
        const scope = inCommunity(actor);
        const [people, rooms] = await Promise.all([
          Person.find({ ...scope, active: true }, { name: 1, roles: 1, department: 1, zoneIds: 1, units: 1 })
            .sort({ name: 1 })
            .lean(),
          Room.find({ ...scope, active: true }, { topic: 1, purpose: 1 })
            .sort({ topic: 1 })
            .lean(),
        ]);
        const bound = new Set(
          (
            await ChatIdentity.find({ personId: { $in: people.map((p) => p._id) } }, { personId: 1 }).lean()
          ).map((i) => String(i.personId)),
        );
        const zoneUnits = await unitsOfZones(actor);
        ctx.body = {
          people: people
            .filter((p) => bound.has(String(p._id)) && inActorZones(actor, p, zoneUnits))
            .map((p) => ({ name: p.name, roles: p.roles, department: p.department })),
          rooms: rooms.map((r) => ({ topic: r.topic, purpose: r.purpose })),
        };
      },
    }),
    route({
      method: 'post',
      path: '/simulator/messages',
      tag,
      summary: 'Send a message as a demo person; answers with every message the bot sent because of it',
      roles: ANY_CONSOLE_ROLE,
      body: messageInput,
      handler: async (ctx) => {
        const chat = desk();
        const m = parse(messageInput, ctx.request.body ?? {});
        if (!(await whileDatabaseDown(() => mayActFor(actorOf(ctx), m.from))))
          throw new NotFoundError('person', { name: m.from });
        if (m.room && !chat.hasRoom?.(m.room)) throw new NotFoundError('room', { topic: m.room });
        ctx.body = await chat.simulate!({
          from: m.from,
          room: m.room,
          text: m.text,
          mentionBot: m.mentionBot,
          image: m.image ? Buffer.from(m.image, 'base64') : undefined,
        });
      },
    }),
    route({
      method: 'get',
      path: '/simulator/outbox',
      tag,
      summary: 'Everything the bot sent after a position (what staff and managers received)',
      roles: ANY_CONSOLE_ROLE,
      query: outboxQuery,
      handler: async (ctx) => {
        const chat = desk();
        const q = parse(outboxQuery, ctx.query);
        ctx.body = { items: await chat.outbox!(q.after, q.limit) };
      },
    }),
    route({
      method: 'get',
      path: '/bot/qr',
      tag: 'bot',
      summary: 'The login QR code while the bot waits for a scan',
      roles: ADMIN_ONLY,
      handler: async (ctx) => {
        const qr = services.chat?.qrCode();
        if (!qr) throw new NotFoundError('qr_code');
        ctx.body = qr;
      },
    }),
  ];
}
