import { Types } from 'mongoose';
import { toSimplified as simplified } from '../chat/text/opencc.js';
import { z } from 'zod';
import { check, saysYes } from '../../flows/common.js';
import type { ChatContext } from '../chat/context.js';
import type { Flow, FlowData, StepOutcome } from '../chat/flow-engine.js';
import { parseAppointment } from '../chat/text/appointment.js';
import { inScriptOf } from '../chat/text/script.js';
import { Unit, Zone } from '../data/models/index.js';
import { hasRole, type Actor } from '../domain/actor.js';
import type { Role } from '../domain/roles.js';
import { translator } from '../i18n.js';
import { zoneLimited } from '../services/zone-scope.js';
import { zonesOf } from './audience.js';
import { noticeText, recipientsOf } from './deliver.js';
import { noticeBody, readAudienceWords } from './draft.js';
import type { NoticeType } from './model.js';
import { noticeTypeOf } from './topics.js';

/** Who may publish a notice from chat (as in the console: the desk roles). */
export const NOTICE_WRITERS: readonly Role[] = [
  'zone_manager',
  'cs_supervisor',
  'front_desk',
  'director',
  'head_office',
];

export interface NoticeDraft extends FlowData {
  scope?: 'community' | 'zones' | 'buildings' | 'units';
  zoneIds?: string[];
  buildings?: string[];
  unitIds?: string[];
  /** The audience as the writer named it: "3栋", "3栋2单元", "A区", "全小区". */
  audience?: string;
  /** ISO date-times of the window. */
  startsAt?: string;
  endsAt?: string;
  type?: NoticeType;
  body?: string;
  /** Each affected owner told privately too (default `announcements.notifyOwnersPrivately`). */
  notifyOwners?: boolean;
  confirmed?: boolean;
}

/**
 * The chat actor as the notice service reads it: a zone manager (with no wider desk role) is
 * limited to their zones, as in the console.
 */
export function noticeActor(actor: Actor): Actor {
  return hasRole(actor, 'zone_manager') ? { ...actor, consoleRole: 'zone_manager' } : actor;
}

type Fail = Extract<StepOutcome<NoticeDraft>, { ok: false }>;
type Audience = Pick<NoticeDraft, 'scope' | 'zoneIds' | 'buildings' | 'unitIds' | 'audience'> & {
  matched: string;
};

/**
 * The audience a text names — the whole community, buildings, one entrance or a zone by its name
 * — checked against the directory and the writer's zones.
 */
export async function resolveAudience(ctx: ChatContext, text: string): Promise<Audience | Fail | undefined> {
  const actor = noticeActor(ctx.actor!);
  const communityId = new Types.ObjectId(actor.communityId);
  const words = readAudienceWords(text);
  let a: Audience | undefined;
  if (words?.scope === 'community')
    a = { scope: 'community', audience: ctx.t('announcements.chat.community'), matched: words.matched };
  else if (words?.scope === 'buildings')
    a = { scope: 'buildings', buildings: words.buildings, audience: words.matched, matched: words.matched };
  else if (words?.scope === 'entrance') {
    const units = await Unit.find(
      { communityId, building: words.building, entrance: words.entrance, active: true },
      { _id: 1 },
    ).lean();
    if (!units.length)
      return { ok: false, reason: 'announcements.chat.unknown_place', params: { place: words.matched } };
    a = {
      scope: 'units',
      unitIds: units.map((u) => String(u._id)),
      audience: words.matched,
      matched: words.matched,
    };
  } else {
    const zones = await Zone.find({ communityId, active: true }, { name: 1, code: 1 }).lean();
    const hit = zones.find((z) => text.toLowerCase().includes(z.name.toLowerCase()));
    if (hit) a = { scope: 'zones', zoneIds: [String(hit._id)], audience: hit.name, matched: hit.name };
  }
  if (!a) return undefined;
  let zoneIds: Types.ObjectId[];
  try {
    zoneIds = await zonesOf(communityId, {
      scope: a.scope!,
      buildings: a.buildings ?? [],
      zoneIds: a.zoneIds ?? [],
      unitIds: a.unitIds ?? [],
    });
  } catch {
    return { ok: false, reason: 'announcements.chat.unknown_place', params: { place: a.matched } };
  }
  if (
    zoneLimited(actor) &&
    (a.scope === 'community' || zoneIds.some((z) => !actor.zoneIds.includes(String(z))))
  )
    return { ok: false, reason: 'announcements.chat.not_your_zone', params: { place: a.audience } };
  return { ...a, zoneIds: zoneIds.map(String) };
}

/** The window a text names ("明天9点到12点", "12月5日8:00-18:00"), or why not. */
export function readWindow(
  ctx: ChatContext,
  text: string,
): { startsAt: string; endsAt: string } | Fail | undefined {
  const { timezone, dates } = ctx.services.config;
  const r = parseAppointment(text, ctx.msg.at, timezone, dates.maxAhead);
  if (!r.ok)
    return r.reason === 'unparseable'
      ? undefined
      : { ok: false, reason: `announcements.chat.window_${r.reason}` };
  if (r.asap || !r.to) return undefined;
  return { startsAt: r.from.toISOString(), endsAt: r.to.toISOString() };
}

/**
 * The property's text is kept in simplified script, as its other texts; each reader gets it in
 * their script (noticeText). Punctuation stays as written (unlike the normalised matching text).
 */

const bodySchema = z
  .string()
  .trim()
  .min(2, 'announcements.chat.text_short')
  .max(1000, 'announcements.chat.text_long')
  .refine((s) => /[\p{L}\p{N}]/u.test(s), 'announcements.chat.text_short');

/** The notice as the service takes it. */
export function noticeInput(ctx: ChatContext, d: NoticeDraft) {
  const type = d.type ?? 'other';
  const t = translator(ctx.services.config.defaultLanguage);
  const title = t('announcements.chat.title', {
    audience: d.audience,
    type: t(`announcements.type.${type}`),
  });
  return {
    type,
    title: title.slice(0, 60),
    body: d.body!,
    scope: d.scope!,
    zoneIds: d.scope === 'zones' ? d.zoneIds! : [],
    buildings: d.buildings ?? [],
    unitIds: d.unitIds ?? [],
    startsAt: d.startsAt!,
    endsAt: d.endsAt!,
    // told again before the window when it is further off than the reminder's lead
    remind:
      new Date(d.startsAt!).getTime() - ctx.msg.at.getTime() >
      ctx.services.config.announcements.reminderBefore,
    notifyOwners: d.notifyOwners ?? ctx.services.config.announcements.notifyOwnersPrivately,
  };
}

/** At the preview: only the owners' groups, or each owner privately too. */
const GROUPS_ONLY = /^(只发群|只发业主群|仅发群|不私信|不用私信|不要私信|groups? only|no private)/i;
const PRIVATELY = /^(也私信|私信业主|要私信|私信|also privately|privately)/i;

/** The preview: the notice as owners will read it, and how many it reaches. */
async function preview(ctx: ChatContext, d: NoticeDraft): Promise<string> {
  const { config } = ctx.services;
  const input = noticeInput(ctx, d);
  const doc = { ...input, startsAt: new Date(input.startsAt), endsAt: new Date(input.endsAt) };
  const reach = await recipientsOf(
    {
      communityId: new Types.ObjectId(ctx.actor!.communityId),
      scope: d.scope!,
      zoneIds: d.zoneIds!.map((z) => new Types.ObjectId(z)),
      buildings: d.buildings ?? [],
      unitIds: (d.unitIds ?? []).map((u) => new Types.ObjectId(u)),
      notifyOwners: input.notifyOwners,
    },
    config,
  );
  return ctx.t('announcements.chat.preview', {
    notice: noticeText(doc, ctx.language, config.timezone, 'publish'),
    audience: inScriptOf(ctx.language, d.audience ?? ''),
    units: reach.units,
    groups: reach.rooms.length,
    owners: reach.people.length,
  });
}

/**
 * 发通知 in chat: audience → window → text → a preview with how many it reaches → confirm; then
 * the notice service creates and publishes it (groups, owners privately, quiet hours, rate
 * policy), checking everything again. What the first message already says is not asked.
 */
export const noticeFlow: Flow<NoticeDraft> = {
  name: 'notice',
  next(d) {
    if (!d.scope) return 'audience';
    if (!d.startsAt) return 'window';
    if (!d.body) return 'text';
    if (!d.confirmed) return 'confirm';
    return undefined;
  },
  steps: {
    audience: {
      prompt: (ctx) => ctx.t('announcements.chat.ask_audience'),
      async accept(ctx, text) {
        const a = await resolveAudience(ctx, text);
        if (!a) return { ok: false, reason: 'announcements.chat.which_audience' };
        if ('ok' in a) return a;
        const { matched: _matched, ...data } = a;
        return { ok: true, data };
      },
    },
    window: {
      prompt: (ctx) => ctx.t('announcements.chat.ask_window'),
      accept(ctx, text) {
        const w = readWindow(ctx, text);
        if (!w) return { ok: false, reason: 'announcements.chat.which_window' };
        return 'ok' in w ? w : { ok: true, data: w };
      },
    },
    text: {
      prompt: (ctx) => ctx.t('announcements.chat.ask_text'),
      accept: (ctx, _text, d) =>
        check(bodySchema, ctx.original, (body) => ({
          body: simplified(body),
          type: d.type && d.type !== 'other' ? d.type : noticeTypeOf(ctx.text),
        })),
    },
    confirm: {
      prompt: (ctx, d) => preview(ctx, d),
      // "1" publishes; another time or audience at the preview replaces it and previews again
      async accept(ctx, text) {
        if (saysYes(text) || /^(发布|发送|发)$/.test(text)) return { ok: true, data: { confirmed: true } };
        if (GROUPS_ONLY.test(text)) return { ok: true, data: { notifyOwners: false }, goto: 'confirm' };
        if (PRIVATELY.test(text)) return { ok: true, data: { notifyOwners: true }, goto: 'confirm' };
        const w = readWindow(ctx, text);
        if (w) return 'ok' in w ? w : { ok: true, data: w, goto: 'confirm' };
        const a = await resolveAudience(ctx, text);
        if (a && 'ok' in a) return a;
        if (a) {
          const { matched: _m, ...data } = a;
          return { ok: true, data: { zoneIds: [], buildings: [], unitIds: [], ...data }, goto: 'confirm' };
        }
        return { ok: false, reason: 'announcements.chat.confirm_again' };
      },
    },
  },
  async finish(ctx, d) {
    const actor = noticeActor(ctx.actor!);
    const { announcements } = ctx.services;
    const created = await announcements.create(actor, noticeInput(ctx, d));
    const sent = await announcements.publish(actor, created.id, {});
    await ctx.say('announcements.chat.published', {
      title: sent.title,
      groups: sent.sentToGroups,
      owners: sent.sentToOwners,
    });
  },
};

/** What the command's first message already says: audience, window, type, text (and what is wrong with it). */
export async function draftFrom(
  ctx: ChatContext,
  rest: string,
): Promise<{ draft: NoticeDraft; problem?: Fail }> {
  const draft: NoticeDraft = { type: noticeTypeOf(rest) };
  if (!rest) return { draft };
  const a = await resolveAudience(ctx, rest);
  let problem: Fail | undefined;
  // the audience's words are never the notice's text, even when they were refused
  let matched = readAudienceWords(rest)?.matched;
  if (a && 'ok' in a) problem = a;
  else if (a) {
    ({ matched } = a);
    const { matched: _m, ...data } = a;
    Object.assign(draft, data);
  }
  const w = readWindow(ctx, rest);
  if (w && 'ok' in w) problem ??= w;
  else if (w) Object.assign(draft, w);
  const body = noticeBody(rest, matched);
  // written in traditional script: owners read the text as written
  if (body.replace(/[\s，]/g, '').length >= 2)
    draft.body = ctx.norm.traditional ? inScriptOf('zh-TW', body) : body;
  return { draft, problem };
}
