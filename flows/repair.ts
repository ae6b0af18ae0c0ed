import { KeyedSerial } from '../src/services/keyed-serial.js';
import type { ChatContext } from '../src/chat/context.js';
import type { Flow, FlowData, StepOutcome } from '../src/chat/flow-engine.js';
import { lexicon, understand } from '../src/chat/understand.js';
import { formatWindow } from '../src/chat/format.js';
import { mentionsTime, namesTimeOfDay, parseAppointment, sameHoursOn } from '../src/chat/text/appointment.js';
import { inScriptOf } from '../src/chat/text/script.js';
import { readSlots } from '../src/chat/text/slots.js';
import { findSlots } from '../src/chat/understanding/slots.js';
import { findMobile } from '../src/chat/text/unit-address.js';
import type { Department } from '../src/domain/roles.js';
import {
  check,
  descriptionSchema,
  numbered,
  phoneSchema,
  pickOption,
  confirms,
  type OwnerUnit,
} from './common.js';
import { createFromFlow } from './create-ticket.js';
import { guestActor, guestTicketFields, isGuestsOwn } from '../src/chat/guest-reports.js';
import type { Ticket } from '../src/services/ticket-service.js';
import { latestOpenReport } from '../src/chat/commands/owner.js';

export interface RepairData extends FlowData {
  description?: string;
  category?: string;
  department?: Department;
  scope?: 'in_unit' | 'public';
  unitId?: string;
  units: OwnerUnit[];
  location?: string;
  urgency?: 'normal' | 'urgent';
  appointment?: { from: string; to?: string };
  timeAsked?: boolean;
  /** A building-bound place named without its building ("电梯"): asked where, then joined. */
  placeHint?: string;
  /** The first message named a time that cannot be used: asked with the reason. */
  timeProblem?: 'past' | 'too_far';
  phone?: string;
  confirmed?: boolean;
  /** Reported in an owners' group by a member without a binding (a public place only; no phone asked). */
  guest?: boolean;
  /**
   * Other repairs in the same home told in the same message ("…，还有客厅的灯也不亮"): the same
   * unit, time and phone, confirmed with this one, registered as a ticket each.
   */
  along?: AlongRepair[];
}

export interface AlongRepair {
  description: string;
  category?: string;
  department?: Department;
}

const repairCategories = () => lexicon().categories.filter((c) => c.kind === 'repair');
const ASAP = /^(都可以|都行|随便|随时|什么时候都行|now|any ?time|whenever)$/i;
const CHANGE_TIME = /(改|换|调|推|提前|延后)/;

/**
 * Words that open something more ("还有…", "另外…"), not an answer to the question. Only at the
 * start: "2栋，门也关不上" at a lift's place question is still the lift.
 */
const ALSO = /^(?:还有|另外|另一个|顺便|对了|再就是)/;

/** Said as another problem ("还有…") of another kind than the one being asked about. */
function anotherProblem(text: string, d: RepairData): boolean {
  if (!d.category || !ALSO.test(text)) return false;
  const u = understand(text);
  return Boolean(u.isReport && u.kind && u.category && u.category !== d.category);
}

/** The text with a mobile number (spaces and dashes allowed inside) taken out. */
const withoutPhone = (text: string) => text.replace(/1[3-9][\d\s-]{9,12}/, ' ');

const fmtWindow = (ctx: ChatContext, a: { from: string; to?: string }) =>
  formatWindow(ctx.t, a.from, a.to, ctx.services.config.timezone);

/**
 * An appointment from an owner's words: a window, as soon as possible, or the reason it cannot
 * be used (with the days allowed ahead).
 */
function readTime(ctx: ChatContext, text: string): StepOutcome<RepairData> {
  if (ASAP.test(text.trim())) return asSoonAsPossible();
  const { timezone, bot } = ctx.services.config;
  const r = parseAppointment(text, ctx.msg.at, timezone, bot.appointmentMaxAhead);
  if (!r.ok)
    return {
      ok: false,
      reason: `flow.time_${r.reason}`,
      params: { days: Math.round(bot.appointmentMaxAhead / 86_400_000) },
    };
  return r.asap ? asSoonAsPossible() : visitAt(r.from, r.to);
}

/** The time step's answer: "as soon as possible" (urgent, no window). */
const asSoonAsPossible = (): StepOutcome<RepairData> => ({
  ok: true,
  data: { timeAsked: true, urgency: 'urgent', appointment: undefined },
});

/** The time step's answer: a visit from `from` (to `to`, when said). */
const visitAt = (from: Date, to?: Date | null): StepOutcome<RepairData> => ({
  ok: true,
  data: {
    timeAsked: true,
    timeProblem: undefined,
    urgency: 'normal',
    appointment: { from: from.toISOString(), to: to?.toISOString() },
  },
});

/** "同一时间", "跟刚才一样", "一起修", "same time": the time of the order just registered. */
const SAME_TIME =
  /(?:同一|同样的?|一样的?|相同的?)时间|(?:跟|和|与|同)?(?:刚才|刚刚|上一个|前一个|前面|之前|上次|那个)(?:的|那个)?(?:一样|相同|同一)|一起(?:来|修|上门|处理|弄|看)|same\s+time|together/i;

/**
 * The visit of the owner's newest open order, for a report said with it: its window when still
 * ahead, "as soon as possible" when it had none. Undefined: nothing to go by.
 */
async function sameVisitAsLast(ctx: ChatContext): Promise<StepOutcome<RepairData> | undefined> {
  const last = await latestOpenReport(ctx);
  if (last?.kind !== 'repair') return undefined;
  const from = last.appointment?.from ? new Date(last.appointment.from) : undefined;
  if (!from) return asSoonAsPossible();
  if (from <= ctx.msg.at) return undefined;
  return visitAt(from, last.appointment?.to ? new Date(last.appointment.to) : undefined);
}

/**
 * A change written at the summary step in the owner's own words: a new phone ("电话换成139…"),
 * a new time ("改成明天上午", "后天下午两点到四点"), or both. Undefined: not a change.
 */
function readChange(ctx: ChatContext, text: string, d: RepairData): StepOutcome<RepairData> | undefined {
  const phone = findMobile(text.replace(/\s|-/g, ''));
  const rest = phone ? withoutPhone(text) : text;
  const timezone = ctx.services.config.timezone;
  const timeSaid =
    mentionsTime(rest, ctx.msg.at, timezone) || (CHANGE_TIME.test(rest) && /(尽快|马上|越快越好)/.test(rest));
  if (!phone && !timeSaid) return undefined;
  const data: Partial<RepairData> = phone ? { phone } : {};
  if (timeSaid) {
    const time = readTime(ctx, rest);
    if (!time.ok) return time;
    Object.assign(data, time.data);
    // only a new day ("改到大后天吧"): the hours already agreed move with it
    const next = time.data?.appointment;
    if (next && d.appointment && !namesTimeOfDay(rest) && sameDay(ctx, next)) {
      const old = {
        from: new Date(d.appointment.from),
        to: d.appointment.to ? new Date(d.appointment.to) : undefined,
      };
      const moved = sameHoursOn(new Date(next.from), old, ctx.msg.at, timezone);
      if (moved) data.appointment = { from: moved.from.toISOString(), to: moved.to?.toISOString() };
    }
  }
  return { ok: true, data, goto: 'confirm' };
}

/** A window within one day (not "周末", Saturday to Sunday). */
const sameDay = (ctx: ChatContext, a: { from: string; to?: string }) =>
  !a.to ||
  new Date(a.from).toLocaleDateString('en-CA', { timeZone: ctx.services.config.timezone }) ===
    new Date(a.to).toLocaleDateString('en-CA', { timeZone: ctx.services.config.timezone });

/**
 * A time or phone said in passing while answering another question ("插座没电了，明天上午在家" at
 * the category question): kept, so it is not asked again.
 */
function alsoSaid(ctx: ChatContext, text: string, d: RepairData): Partial<RepairData> {
  const { timezone, bot } = ctx.services.config;
  const s = readSlots(text, ctx.msg.at, timezone, bot.appointmentMaxAhead);
  const out: Partial<RepairData> = {};
  if (s.phone) out.phone = s.phone;
  if (!d.timeAsked && s.appointment)
    Object.assign(out, { appointment: s.appointment, timeAsked: true, urgency: 'normal' });
  else if (!d.timeAsked && s.asap) Object.assign(out, { timeAsked: true, urgency: 'urgent' });
  return out;
}

/** Words that say when and nothing else: "明天上午", "今晚7点以后", "随时都可以". */
const onlyTime = (text: string) => {
  const time = findSlots(text).time;
  const rest = (time ? text.replace(time, '') : text).replace(
    /[\s,，。.、!！~]|都|可以|行|在家|有人|吧|的|了|来|上门|过来|随时|尽快|马上/g,
    '',
  );
  return rest === '' && (Boolean(time) || /随时|尽快|马上/.test(text));
};

/** A step's outcome with what was said in passing added to its data. */
const withSaid = (ctx: ChatContext, text: string, d: RepairData, o: StepOutcome<RepairData>) =>
  o.ok ? { ...o, data: { ...alsoSaid(ctx, text, d), ...o.data } } : o;

function summary(ctx: ChatContext, d: RepairData): string {
  const where = d.scope === 'public' ? d.location : d.units.find((u) => u.id === d.unitId)?.label;
  const place = inScriptOf(ctx.language, where ?? '');
  const time = d.appointment
    ? fmtWindow(ctx, d.appointment)
    : ctx.t(d.urgency === 'urgent' ? 'flow.repair.asap' : 'flow.repair.no_time');
  const text = ctx.t('flow.repair.summary', {
    place,
    category: ctx.t(`category.${d.category}`),
    description: d.description,
    time,
    phone: d.phone,
    photos: d.photos?.length ?? 0,
  });
  if (!d.along?.length) return text;
  const more = d.along.map((a, i) =>
    ctx.t('flow.repair.summary_along', {
      n: i + 2,
      category: ctx.t(`category.${a.category ?? d.category}`),
      description: a.description,
    }),
  );
  const first = ctx.t('flow.repair.summary_first', {
    category: ctx.t(`category.${d.category}`),
    description: d.description,
  });
  return [ctx.t('flow.repair.summary_count', { count: d.along.length + 1 }), first, ...more, '', text].join(
    '\n',
  );
}

/** 报修: free text first; only what is still missing is asked; in-unit repairs confirm a summary. */
export const repairFlow: Flow<RepairData> = {
  name: 'repair',
  acceptsPhotos: true,
  asides: true,
  summaryStep: 'confirm',
  // a draft confirmed after its time has passed asks the time again
  resumeDraft: (ctx, d) =>
    d.appointment && new Date(d.appointment.to ?? d.appointment.from) <= ctx.msg.at
      ? {
          data: { confirmed: false, timeAsked: false, appointment: undefined },
          goto: 'time',
          reason: 'flow.draft.time_passed',
        }
      : undefined,
  next(d) {
    if (!d.description) return 'description';
    if (!d.scope) return 'scope';
    if (d.scope === 'in_unit' && !d.unitId) return 'unit';
    if (d.scope === 'public' && !d.location) return 'location';
    if (!d.category) return 'category';
    if (d.scope === 'in_unit' && !d.timeAsked) return 'time';
    if (!d.phone && !d.guest) return 'phone';
    if (d.scope === 'in_unit' && !d.confirmed) return 'confirm';
    return undefined;
  },
  steps: {
    description: {
      prompt: (ctx) => ctx.t('flow.repair.ask_description'),
      takesQuestions: true,
      accept: (ctx, text, d) =>
        withSaid(
          ctx,
          text,
          d,
          check(descriptionSchema, ctx.original, (description) => ({ description })),
        ),
    },
    scope: {
      prompt: (ctx) =>
        `${ctx.t('flow.repair.ask_scope')}\n${numbered([ctx.t('flow.repair.in_unit'), ctx.t('flow.repair.public')])}`,
      accept: (ctx, text, d) => {
        const scope = pickOption(text, [
          { value: 'in_unit' as const, words: ['家', '户内', '室内', '屋里', 'home', 'inside', 'flat'] },
          { value: 'public' as const, words: ['公共', '小区', '楼道', '电梯', 'public', 'corridor', 'lift'] },
        ]);
        return scope
          ? withSaid(ctx, text, d, { ok: true, data: { scope } })
          : { ok: false, reason: 'flow.pick_number' };
      },
    },
    unit: {
      prompt: (ctx, d) =>
        `${ctx.t('flow.repair.ask_unit')}\n${numbered(d.units.map((u) => inScriptOf(ctx.language, u.label)))}`,
      accept: (_ctx, text, d) => {
        const id = pickOption(
          text,
          d.units.map((u) => ({ value: u.id, words: [u.label] })),
        );
        return id ? { ok: true, data: { unitId: id } } : { ok: false, reason: 'flow.pick_number' };
      },
    },
    location: {
      freeText: true,
      prompt: (ctx) => ctx.t('flow.repair.ask_location'),
      accept: (ctx, text, d) => {
        // a phone number is no place: kept as the phone, and the place asked again
        const phone = findMobile(text.replace(/\s|-/g, ''));
        const rest = phone
          ? withoutPhone(text)
              .replace(/[\s,，。.、]+/g, ' ')
              .trim()
          : text;
        if (phone && !/[\p{Script=Han}\d]/u.test(rest))
          return { ok: true, data: { phone }, goto: 'location' };
        // a time is no place either ("明天上午"): kept as the time (when one is asked), and the
        // place asked again
        if (onlyTime(rest))
          return {
            ok: true,
            data: { ...alsoSaid(ctx, rest, d), ...(phone ? { phone } : {}) },
            goto: 'location',
          };
        // "还有1栋门口的路灯也不亮" at the lift's place question: another report, not the place
        if (anotherProblem(text, d)) return { ok: false, reason: 'flow.repair.not_a_place' };
        // "3栋" after "电梯坏了": the building said now, the place said before.
        const o = check(descriptionSchema, rest, (location) => {
          // "2单元门禁" asked for its building: "3栋" → "3栋2单元门禁", "3栋2单元" → the same
          const hint =
            d.placeHint && /单元/.test(location) ? d.placeHint.replace(/^\d{1,2}单元/, '') : d.placeHint;
          return { location: hint && !location.includes(hint) ? `${location}${hint}` : location };
        });
        return o.ok && phone ? { ...o, data: { ...o.data, phone } } : o;
      },
    },
    category: {
      prompt: (ctx) =>
        `${ctx.t('flow.repair.ask_category')}\n${numbered(repairCategories().map((c) => ctx.t(`category.${c.id}`)))}`,
      accept: (ctx, text, d) => {
        const cats = repairCategories();
        const id = pickOption(
          text,
          cats.map((c) => ({ value: c.id, words: [ctx.t(`category.${c.id}`), ...c.words] })),
        );
        const cat = cats.find((c) => c.id === id);
        return cat
          ? withSaid(ctx, text, d, { ok: true, data: { category: cat.id, department: cat.department } })
          : { ok: false, reason: 'flow.pick_number' };
      },
    },
    time: {
      prompt: (ctx, d) => {
        const ask = ctx.t('flow.repair.ask_time');
        if (!d.timeProblem) return ask;
        const days = Math.round(ctx.services.config.bot.appointmentMaxAhead / 86_400_000);
        return `${ctx.t(`flow.time_${d.timeProblem}`, { days })}\n${ask}`;
      },
      accept: async (ctx, text) => {
        // "明天下午，电话13912345678": the phone said with the time is kept too.
        const phone = findMobile(text.replace(/\s|-/g, ''));
        const time = readTime(ctx, phone ? withoutPhone(text) : text);
        if (time.ok && phone) return { ...time, data: { ...time.data, phone } };
        // "同一时间", "same time": the visit already agreed for the owner's last open order
        if (!time.ok && SAME_TIME.test(text)) return (await sameVisitAsLast(ctx)) ?? time;
        return time;
      },
    },
    phone: {
      prompt: (ctx) => ctx.t('flow.repair.ask_phone'),
      accept: (_ctx, text) => check(phoneSchema, text, (phone) => ({ phone })),
    },
    confirm: {
      prompt: (ctx, d) => summary(ctx, d),
      accept: (ctx, text, d) => {
        if (confirms(text)) return { ok: true, data: { confirmed: true } };
        const change = readChange(ctx, text, d);
        if (change) return change;
        const edit = pickOption(text, [
          { value: 'confirm', words: ['确认'] },
          { value: 'description', words: ['描述', '内容', 'description'] },
          { value: 'time', words: ['时间', 'time'] },
          { value: 'phone', words: ['电话', '手机', 'phone'] },
        ]);
        if (edit === 'description')
          return { ok: true, data: { description: undefined }, goto: 'description' };
        if (edit === 'time')
          return { ok: true, data: { timeAsked: false, appointment: undefined }, goto: 'time' };
        if (edit === 'phone') return { ok: true, data: { phone: undefined }, goto: 'phone' };
        return { ok: false, reason: 'flow.confirm_again' };
      },
    },
  },
  async finish(ctx, d, sourceKey) {
    // Two neighbours reporting one lift in the same second: one finds the other's order.
    if (d.scope === 'public')
      return samePlaceReports.run(`${communityOf(ctx)}:${d.category}`, () => finishReport(ctx, d, sourceKey));
    return finishReport(ctx, d, sourceKey);
  },
};

/** The ticket's appointment from the flow's stored window. */
const appointmentOf = (d: RepairData) =>
  d.appointment
    ? { from: new Date(d.appointment.from), to: d.appointment.to ? new Date(d.appointment.to) : undefined }
    : undefined;

/** Public reports of one community and category are finished one at a time (duplicates). */
const samePlaceReports = new KeyedSerial();

/** The reporter's community: their own, or a guest's group's. */
const communityOf = (ctx: ChatContext) =>
  ctx.actor?.communityId ?? (ctx.room?.communityId ? String(ctx.room.communityId) : undefined);

async function finishReport(ctx: ChatContext, d: RepairData, sourceKey: string): Promise<void> {
  if (d.scope === 'public' && (await joinedOpenReport(ctx, d, sourceKey))) return;
  const ticket = await createFromFlow(
    ctx,
    sourceKey,
    d,
    {
      ...(d.guest ? guestTicketFields(ctx, d.location) : {}),
      kind: 'repair',
      department: d.department,
      category: d.category,
      scope: d.scope,
      unitId: d.scope === 'in_unit' ? d.unitId : undefined,
      location: d.scope === 'public' ? d.location : undefined,
      phone: d.phone,
      description: d.description!,
      urgency: d.urgency ?? 'normal',
      appointment: appointmentOf(d),
    },
    d.guest ? guestActor(ctx) : undefined,
  );
  const cfg = ctx.services.config.sla;
  const promise =
    d.scope === 'public'
      ? ctx.t('flow.repair.promise_public', {
          minutes: Math.round(cfg.arrivePublic / 60_000),
          department: ctx.t(`department.${ticket.department ?? 'engineering'}`),
        })
      : d.appointment
        ? ctx.t('flow.repair.promise_appointment', { time: fmtWindow(ctx, d.appointment) })
        : ctx.t('flow.repair.promise_asap', { minutes: Math.round(cfg.arriveInUnit / 60_000) });
  await ctx.say(
    d.guest ? 'flow.repair.created_guest' : 'flow.repair.created',
    { number: ticket.number, promise },
    { ticketNumber: ticket.number },
  );
  await registerAlong(ctx, d, sourceKey);
}

/**
 * The other repairs confirmed with this one: a ticket each (its own category, so its own
 * department and dispatch), with the same unit, time and phone. Each has its own source key, so a
 * repeated finish makes none twice.
 */
async function registerAlong(ctx: ChatContext, d: RepairData, sourceKey: string): Promise<void> {
  for (const [i, a] of (d.along ?? []).entries()) {
    const category = a.category ?? d.category;
    const department =
      a.department ?? repairCategories().find((c) => c.id === category)?.department ?? d.department;
    const ticket = await createFromFlow(
      ctx,
      `${sourceKey}:also:${i + 2}`,
      { photos: [], __room: d.__room },
      {
        kind: 'repair',
        department,
        category,
        scope: d.scope,
        unitId: d.scope === 'in_unit' ? d.unitId : undefined,
        location: d.scope === 'public' ? d.location : undefined,
        phone: d.phone,
        description: a.description,
        urgency: d.urgency ?? 'normal',
        appointment: appointmentOf(d),
      },
    );
    await ctx.say(
      'flow.repair.created_along',
      {
        number: ticket.number,
        category: ctx.t(`category.${category}`),
        department: ctx.t(`department.${ticket.department ?? 'engineering'}`),
      },
      { ticketNumber: ticket.number },
    );
  }
}

/**
 * A public problem already reported and still open (issue #11 point 7): the owner is linked to
 * that ticket instead of a second order, and told its number and progress; their own earlier
 * report is simply named. A repeat of the message that made this flow's own ticket is not a
 * duplicate (its source key finds that ticket).
 */
export async function joinedOpenReport(
  ctx: ChatContext,
  d: Pick<RepairData, 'category' | 'location' | 'description' | 'guest'> & { kind?: 'repair' | 'help' },
  sourceKey: string,
  /** A danger joins only an urgent order: beside an ordinary one it is an order of its own. */
  urgentOnly = false,
): Promise<boolean> {
  const { tickets } = ctx.services;
  const communityId = communityOf(ctx);
  if (!communityId || !(ctx.actor?.personId || d.guest)) return false;
  const dup = await tickets.findOpenDuplicate(
    communityId,
    { category: d.category, location: d.location, kind: d.kind },
    lexicon().publicPlaces,
  );
  if (!dup || dup.sourceKey === sourceKey) return false;
  if (urgentOnly && dup.urgency !== 'urgent') return false;
  if (!ctx.actor) return joinedAsGuest(ctx, d, dup);
  const mine = String(dup.reporterId ?? '') === ctx.actor.personId;
  const t = mine ? dup : await tickets.linkReporter(ctx.actor, dup, d.description);
  await ctx.say(mine ? 'flow.repair.already_yours' : 'flow.repair.linked', progressOf(ctx, t), {
    ticketNumber: t.number,
  });
  return true;
}

/** The open ticket's number, state and worker, as a reporter joining it is told. */
const progressOf = (ctx: ChatContext, t: Ticket) => ({
  number: t.number,
  state: ctx.t(`ticket.state.${t.state}`),
  worker: t.assigneeName ? ctx.t('owner.worker', { name: t.assigneeName }) : '',
});

/**
 * A guest's report of a problem already open: no second order and no link (a link needs a
 * person to tell later); what they said goes on the timeline under their name.
 */
async function joinedAsGuest(
  ctx: ChatContext,
  d: Pick<RepairData, 'description'>,
  dup: Ticket,
): Promise<boolean> {
  const mine = isGuestsOwn(ctx, dup.sourceKey);
  if (!mine && d.description)
    await ctx.services.tickets.fire(guestActor(ctx), { id: String(dup._id) }, 'note', {
      note: d.description.slice(0, 2000),
    });
  await ctx.say(mine ? 'flow.repair.already_yours_guest' : 'flow.repair.linked_guest', progressOf(ctx, dup), {
    ticketNumber: dup.number,
  });
  return true;
}
