import { z } from 'zod';
import type { ChatContext } from '../chat/context.js';
import type { Flow, FlowData, StepOutcome } from '../chat/flow-engine.js';
import { check, numbered, ownerProfile, pickOption, saysYes, type OwnerUnit } from '../../flows/common.js';
import { Person } from '../data/models/index.js';
import { rememberScript } from '../chat/intake.js';
import { AppError } from '../domain/errors.js';
import { periodEnd, readDate, readPeriod } from './dates.js';
import { checkDates, earliestStart, periodLimitDays, spanDays, withinWorkHours, type Size } from './rules.js';
import type { RenovationIntent } from './intent.js';

export interface RenovationData extends FlowData {
  units: OwnerUnit[];
  unitId?: string;
  relation?: 'owner' | 'tenant' | 'family';
  /** The speaker's relation to each of their units (a tenant needs the owner's authorisation). */
  relations?: Record<string, 'owner' | 'tenant' | 'family'>;
  ownerName?: string;
  company?: string;
  scope?: string;
  size?: Size;
  startDate?: string;
  endDate?: string;
  photosDone?: boolean;
  confirmed?: boolean;
}

const nameSchema = z.string().trim().min(2, 'renovation.flow.too_short').max(100, 'flow.too_long');
const scopeSchema = z.string().trim().min(2, 'renovation.flow.too_short').max(500, 'flow.too_long');
const DONE = /^(好了|好|完成|发完了|发完|没有|无|跳过|不用|没|ok|done|skip|no|none)$/i;

const cfg = (ctx: ChatContext) => ctx.services.config.renovation;
const tz = (ctx: ChatContext) => ctx.services.config.timezone;

/**
 * 装修申请 in chat (seed 003 2.3–2.4): which unit, the owner's authorisation for a tenant, the
 * company, what will be done, the size (period limit), start (at least `applyAhead` ahead) and
 * end dates, drawings or photos, then a summary to confirm. The application is made by the
 * renovation service, which checks everything again.
 */
export const renovationFlow: Flow<RenovationData> = {
  name: 'renovation',
  acceptsPhotos: true,
  asides: true,
  next(d) {
    if (!d.unitId) return 'unit';
    if (d.relation && d.relation !== 'owner' && !d.ownerName) return 'authorization';
    if (!d.company) return 'company';
    if (!d.scope) return 'scope';
    if (!d.size) return 'size';
    if (!d.startDate) return 'start';
    if (!d.endDate) return 'end';
    if (!d.photosDone) return 'photos';
    if (!d.confirmed) return 'confirm';
    return undefined;
  },
  steps: {
    unit: {
      prompt: (ctx, d) => `${ctx.t('renovation.flow.ask_unit')}\n${numbered(d.units.map((u) => u.label))}`,
      accept: (ctx, text, d) => {
        const picked = pickOption(
          text,
          d.units.map((u) => ({ value: u.id, words: [u.label] })),
        );
        return picked
          ? { ok: true, data: { unitId: picked, relation: d.relations?.[picked] } }
          : { ok: false, reason: 'flow.pick_number' };
      },
    },
    authorization: {
      freeText: true,
      prompt: (ctx) => ctx.t('renovation.flow.ask_authorization'),
      accept: (ctx) => check(nameSchema, ctx.original, (ownerName) => ({ ownerName })),
    },
    company: {
      freeText: true,
      prompt: (ctx) => ctx.t('renovation.flow.ask_company'),
      accept: (ctx) => check(nameSchema, ctx.original, (company) => ({ company })),
    },
    scope: {
      freeText: true,
      prompt: (ctx) => ctx.t('renovation.flow.ask_scope'),
      accept: (ctx) => check(scopeSchema, ctx.original, (scope) => ({ scope })),
    },
    size: {
      prompt: (ctx) =>
        `${ctx.t('renovation.flow.ask_size')}\n${numbered([
          ctx.t('renovation.flow.size_small', { days: periodLimitDays('small', cfg(ctx)) }),
          ctx.t('renovation.flow.size_large', { days: periodLimitDays('large', cfg(ctx)) }),
        ])}`,
      accept: (_ctx, text) => {
        const size = pickOption<Size>(text, [
          { value: 'small', words: ['小', '中', '局部', '简单', 'small'] },
          { value: 'large', words: ['大', '全屋', '整体', '全部', 'large'] },
        ]);
        return size ? { ok: true, data: { size } } : { ok: false, reason: 'flow.pick_number' };
      },
    },
    start: {
      prompt: (ctx) =>
        ctx.t('renovation.flow.ask_start', { earliest: earliestStart(ctx.msg.at, cfg(ctx), tz(ctx)) }),
      accept: (ctx, text) => readStart(ctx, text),
    },
    end: {
      prompt: (ctx, d) =>
        ctx.t('renovation.flow.ask_end', {
          start: d.startDate,
          days: periodLimitDays(d.size ?? 'small', cfg(ctx)),
        }),
      accept: (ctx, text, d) => readEnd(ctx, text, d),
    },
    photos: {
      prompt: (ctx) => ctx.t('renovation.flow.ask_photos'),
      accept: (_ctx, text) =>
        DONE.test(text.trim())
          ? { ok: true, data: { photosDone: true } }
          : { ok: false, reason: 'renovation.flow.photos_hint' },
    },
    confirm: {
      prompt: (ctx, d) =>
        ctx.t('renovation.flow.summary', {
          unit: d.units.find((u) => u.id === d.unitId)?.label ?? '',
          company: d.company,
          scope: d.scope,
          start: d.startDate,
          end: d.endDate,
          days: spanDays(d.startDate!, d.endDate!),
          photos: d.photos?.length ?? 0,
        }),
      accept: (_ctx, text) =>
        saysYes(text.trim())
          ? { ok: true, data: { confirmed: true } }
          : { ok: false, reason: 'renovation.flow.confirm_hint' },
    },
  },
  async finish(ctx, d) {
    try {
      const doc = await ctx.services.renovations.apply(
        ctx.actor!,
        {
          unitId: d.unitId,
          company: d.company,
          scope: d.scope,
          size: d.size,
          startDate: d.startDate,
          endDate: d.endDate,
          photos: d.photos ?? [],
          ownerAuthorization: d.ownerName ? { ownerName: d.ownerName, note: 'chat' } : undefined,
        },
        'chat',
      );
      await ctx.say('renovation.flow.submitted', { id: doc._id, hours: ctx.services.renovations.hours() });
    } catch (err) {
      // Dates checked at the questions can still age past the limit (a flow resumed days later).
      if (err instanceof AppError) await ctx.say(`errors.${err.code}`, err.params);
      else throw err;
    }
  },
};

/**
 * "没看懂这个日期" with an example that is a date this owner could give (the earliest allowed
 * start), never a fixed one that ages into the past.
 */
function unreadableDate(iso: string): StepOutcome<RenovationData> {
  const [example, month, day] = dateParts(iso);
  return { ok: false, reason: 'renovation.flow.date_unreadable', params: { example, month, day } };
}

/** An ISO date with its month and day, for examples written either way. */
const dateParts = (iso: string): [string, number, number] => {
  const [, m, d] = iso.split('-').map(Number);
  return [iso, m!, d!];
};

function readStart(ctx: ChatContext, text: string): StepOutcome<RenovationData> {
  const date = readDate(text, ctx.msg.at, tz(ctx));
  const earliest = earliestStart(ctx.msg.at, cfg(ctx), tz(ctx));
  if (!date) return unreadableDate(earliest);
  if (date < earliest)
    return {
      ok: false,
      reason: 'renovation.flow.too_soon',
      params: { earliest, days: Math.ceil(cfg(ctx).applyAhead / 86_400_000) },
    };
  return { ok: true, data: { startDate: date } };
}

function readEnd(ctx: ChatContext, text: string, d: RenovationData): StepOutcome<RenovationData> {
  const period = readPeriod(text);
  const start = d.startDate!;
  const date = period ? periodEnd(start, period) : readDate(text, ctx.msg.at, tz(ctx));
  if (!date) return unreadableDate(periodEnd(start, { days: 60 }));
  const problem = checkDates(
    { startDate: start, endDate: date, size: d.size ?? 'small' },
    ctx.msg.at,
    cfg(ctx),
    tz(ctx),
  );
  if (problem?.code === 'end_before_start')
    return { ok: false, reason: 'renovation.flow.end_before_start', params: { start } };
  if (problem?.code === 'too_long')
    return { ok: false, reason: 'renovation.flow.too_long', params: { max: problem.max } };
  return { ok: true, data: { endDate: date } };
}

/**
 * The chat entry: an owner's renovation message. Apply starts the flow (the unit asked only when
 * they have several, the owner's authorisation only for a tenant); hours and status are answered.
 */
export async function startRenovation(
  ctx: ChatContext,
  flows: {
    begin: (ctx: ChatContext, name: string, data: FlowData, opts?: { private?: boolean }) => Promise<void>;
  },
  intent: RenovationIntent,
): Promise<boolean> {
  if (intent === 'hours') {
    const { renovation, timezone } = ctx.services.config;
    const now = withinWorkHours(ctx.msg.at, renovation, timezone) ? 'now_open' : 'now_closed';
    await ctx.say('renovation.flow.hours', {
      hours: ctx.services.renovations.hours(),
      now: ctx.t(`renovation.flow.${now}`),
    });
    return true;
  }
  if (!ctx.actor?.personId) {
    await ctx.say('chat.bind_first', {}, { private: true });
    return true;
  }
  if (!ctx.isResident) {
    await ctx.say('chat.residents_only');
    return true;
  }
  if (intent === 'acceptance' || intent === 'extension') return ownerRequest(ctx, intent);
  if (intent === 'status') {
    const open = await ctx.services.renovations.openOf(ctx.actor.personId);
    if (!open) await ctx.say('renovation.flow.none_open', {}, { private: ctx.inGroup });
    else
      await ctx.say(
        'renovation.flow.status',
        {
          id: open._id,
          state: ctx.t(`renovation.state.${open.state}`),
          start: open.startDate,
          end: open.endDate,
        },
        { private: ctx.inGroup },
      );
    return true;
  }
  await rememberScript(ctx);
  const { units } = await ownerProfile(ctx);
  if (!units.length) {
    await ctx.say('chat.bind_first', {}, { private: true });
    return true;
  }
  const person = await Person.findById(ctx.actor.personId, { units: 1 }).lean();
  const relations = Object.fromEntries((person?.units ?? []).map((u) => [String(u.unitId), u.relation]));
  const unitId = units.length === 1 ? units[0]!.id : undefined;
  const relation = unitId ? relations[unitId] : undefined;
  if (ctx.inGroup) await ctx.say('chat.continue_private');
  await flows.begin(
    ctx,
    'renovation',
    { units, unitId, relation, relations, photos: [] },
    { private: ctx.inGroup },
  );
  return true;
}

/** The applicant asks for the acceptance inspection, or an extension to the date they name. */
async function ownerRequest(ctx: ChatContext, intent: 'acceptance' | 'extension'): Promise<boolean> {
  const svc = ctx.services.renovations;
  const open = await svc.openOf(ctx.actor!.personId!);
  const opts = { private: ctx.inGroup };
  if (!open) {
    await ctx.say('renovation.flow.none_open', {}, opts);
    return true;
  }
  try {
    if (intent === 'acceptance') {
      await svc.requestAcceptance(ctx.actor!, open._id);
      await ctx.say('renovation.flow.acceptance_requested', { id: open._id }, opts);
      return true;
    }
    const until = readDate(ctx.text, ctx.msg.at, tz(ctx));
    if (!until) {
      // the example is a month after the current end: a date the owner could ask for
      const [example, month, day] = dateParts(periodEnd(open.endDate, { days: 31 }));
      await ctx.say(
        'renovation.flow.extension_how',
        { id: open._id, end: open.endDate, example, month, day },
        opts,
      );
      return true;
    }
    await svc.requestExtension(ctx.actor!, open._id, { until, reason: ctx.original.slice(0, 300) });
    await ctx.say('renovation.flow.extension_requested', { id: open._id, until }, opts);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    await ctx.say(`errors.${err.code}`, err.params, opts);
  }
  return true;
}
