import type { TicketKind } from '../domain/roles.js';
import { withoutOpeners } from './text/openers.js';
import { hasSubstance, ownerProfile } from '../../flows/common.js';
import { findStaffNamed } from '../../flows/staff-names.js';
import { Person } from '../data/models/index.js';
import type { ChatContext } from './context.js';
import type { FlowEngine } from './flow-engine.js';
import { answerFromKnowledge, HUMAN, takeAnsweredQuestion } from './knowledge/answer.js';
import { answerFromNotices } from '../announcements/chat-answer.js';
import { isNonsense, isUnsure, likelyReadings, type Reading } from './readings.js';
import { readSlots, unitNamed } from './text/slots.js';
import { findUnitAddress } from './text/unit-address.js';
import { writesEnglish } from './text/script.js';
import { chosen, understand, type Understanding } from './understand.js';
import { renovationIntent } from '../renovation/intent.js';
import { startRenovation } from '../renovation/flow.js';
import { cachedRead } from '../data/directory-cache.js';
import { hazardIn } from '../domain/hazards.js';
import { addToCryForHelp, registerDanger } from './danger.js';
import type { LaterReport } from './flow-engine.js';
import { splitProblems, type Problem } from './understanding/problems.js';
import { laterReport, startSeveral } from './several-problems.js';
import { guestBuildingPlace, mayReportAsGuest } from './guest-reports.js';

/** The menu's numbered choices (帮助 lists them). */
export const MENU: readonly TicketKind[] = ['repair', 'complaint', 'help', 'inquiry', 'suggestion', 'praise'];

/** A message to start a report from when it is not the current one (the clarifying question's). */
export interface Told {
  text: string;
  original: string;
  /** The reading the owner picked from the numbered question. */
  reading?: Reading;
  /** The owner was already asked once: go with the best reading rather than ask again. */
  asked?: boolean;
  /** Problems of one message already told apart (the rest of a message that told several). */
  problems?: Problem[];
  /** The owner said the problems are apart (or the message marked them so): no question. */
  separate?: boolean;
  /** The owner said it is all one problem: not split again. */
  oneProblem?: boolean;
  /** Begun after another report (with `problems`: the rest of a message announced then). */
  resumed?: boolean;
  /** The whole message, when this is one problem of several: its time, phone, unit and dangers. */
  whole?: string;
  /** Repairs in the same home registered with this one: one confirmation, one ticket each. */
  along?: Problem[];
  /** The problems of the same message begun once this one is registered. */
  later?: LaterReport;
}

/**
 * Starts the right flow for a new report: understood from the text, or picked from the menu.
 * An unsure reading asks one numbered question with the likeliest readings instead (in a group
 * only when the bot is addressed); nonsense starts nothing (false: the caller answers briefly).
 * In a group, only a public-facility repair is handled in the group; anything private continues
 * in a direct chat.
 */
export async function startReport(
  ctx: ChatContext,
  flows: FlowEngine,
  picked?: TicketKind,
  given?: Told,
): Promise<boolean> {
  if (!picked && !given && HUMAN.test(ctx.text)) return askHuman(ctx, flows);
  // "明天是不是要停水？": answered from the published notices covering the owner's unit.
  if (!picked && !given && (await answerFromNotices(ctx))) return true;
  const told = given ?? { text: ctx.text, original: ctx.original };
  // Renovation (装修) has a flow of its own (src/renovation).
  const addressed = !ctx.inGroup || ctx.msg.mentionSelf;
  const reno = picked || given?.reading || !addressed ? undefined : renovationIntent(told.text);
  if (reno) return startRenovation(ctx, flows, reno);
  // Gas, sparks, fire, someone trapped or hurt: registered at once, nothing asked first; the
  // other problems of the same message come after it.
  // where they are, just after a bare cry for help ("救命"): added to that order
  if (!picked && !given && ctx.isResident && (await addToCryForHelp(ctx, told))) return true;
  const hazard = picked ? undefined : hazardIn(told.text);
  if (hazard && ctx.actor && ctx.isResident) return startDanger(ctx, flows, told, hazard, given);
  // "厨房水管漏水了，还有客厅的灯也不亮": each problem its own report, none dropped.
  const several = given?.problems?.length
    ? { problems: given.problems, sure: true }
    : picked || given?.reading || given?.oneProblem
      ? undefined
      : splitProblems(told.original);
  if (several && several.problems.length > 1) {
    if (await refused(ctx)) return true;
    await rememberScript(ctx);
    return startSeveral(
      ctx,
      flows,
      { ...told, separate: told.separate || Boolean(given?.problems) },
      several,
    );
  }
  const u: Understanding = picked ? chosen(picked) : understand(told.text);
  // someone we cannot register a report for still hears what to do now
  if (hazard) await ctx.say(`safety.${hazard}`);
  let clarify = false;
  let readings: Reading[] = [];
  if (given?.reading) {
    Object.assign(u, { kind: given.reading.kind, category: given.reading.category });
    u.department = given.reading.department;
  } else if (!picked && isUnsure(u)) {
    if (isNonsense(told.text, u)) return false;
    clarify = !(given?.asked && u.kind);
    if (clarify) readings = likelyReadings(told.text, u);
  }
  // A question (or an unsure message) the property has answered is answered at once. In a group
  // an unaddressed message is answered only when read as a question: it would become an inquiry.
  const mayBeQuestion = !picked && !given?.reading && (clarify || u.kind === 'inquiry');
  const asked = !ctx.inGroup || ctx.msg.mentionSelf || (u.kind === 'inquiry' && !clarify);
  if (mayBeQuestion && ctx.actor?.communityId && ctx.isResident && asked) {
    await rememberScript(ctx);
    if (await answerFromKnowledge(ctx, told.text, told.original)) return true;
  }
  // Nothing points anywhere (chatter): the caller answers briefly or stays quiet; never a ticket.
  // (Group talk not addressed to the bot reaches here only when the group gate read it as a
  // report or it holds a trigger word: an unsure reading is then asked about privately.)
  if (clarify && !readings.length) return false;
  if (!u.kind && !clarify) return false;
  // An unbound group member may report a public place; anything else needs a binding. They are
  // not asked which reading they meant (the question would go privately, where they cannot
  // report): the likeliest reading, when it is a public one, is taken.
  if (!ctx.actor) Object.assign(u, guestBuildingPlace(told.text, u));
  // a danger told by a member with no home on record ("救命", "快来人啊") is somewhere in the estate
  if (!ctx.actor && hazard && !u.scope) u.scope = 'public';
  const guest = mayReportAsGuest(ctx, u);
  if (guest) clarify = false;
  if (!ctx.actor && !guest) {
    await ctx.say('chat.bind_first', {}, { private: true });
    return true;
  }
  if (!guest && !ctx.isResident) {
    await ctx.say('chat.residents_only');
    return true;
  }
  await rememberScript(ctx);
  // Begun in the group, continued privately: the group is told where the bot went.
  const elsewhere = { private: ctx.inGroup, groupNote: 'chat.continue_private_other' };
  if (clarify) {
    await flows.begin(ctx, 'clarify', { text: told.text, original: told.original, readings }, elsewhere);
    return true;
  }
  const { units, phone } = await ownerProfile(ctx);
  const description = !picked && hasSubstance(told.text) ? withoutOpeners(told.original) : undefined;
  // What the first message already says is never asked again.
  const { config } = ctx.services;
  // one problem of several: the time, phone and unit said anywhere in the message are its too
  const said = given?.whole ?? told.text;
  const slots = picked ? {} : readSlots(said, ctx.msg.at, config.timezone, config.bot.appointmentMaxAhead);
  const named = unitNamed(units, slots.unit);
  // the problems of the same message still to register
  const __later = given?.later;
  if (u.kind === 'repair') {
    const urgent = u.urgent || slots.asap;
    // "楼下" is below the owner's own home: their building when they have one, else asked
    const place = u.location && BESIDE_OWN.test(u.location) ? helpPlace(u.location, units) : u.location;
    const data = {
      description,
      category: u.category,
      department: u.department,
      scope: named ? ('in_unit' as const) : u.scope,
      // "电梯坏了" without a building: which lift is asked, and joined to the place.
      location: needsBuilding(place) ? undefined : place,
      placeHint: needsBuilding(place) ? place : undefined,
      units,
      unitId: named?.id ?? (units.length === 1 ? units[0]!.id : undefined),
      urgency: urgent ? ('urgent' as const) : slots.appointment ? ('normal' as const) : undefined,
      appointment: slots.appointment,
      timeAsked: Boolean(urgent || slots.appointment),
      timeProblem: slots.timeProblem,
      phone: slots.phone ?? phone,
      photos: [],
      along: given?.along?.map((p) => ({
        description: withoutOpeners(p.original),
        category: p.category,
        department: p.department,
      })),
      __later,
      ...(guest ? { guest: true } : {}),
    };
    const privately = ctx.inGroup && u.scope !== 'public';
    await flows.begin(ctx, 'repair', data, { private: privately, groupNote: 'chat.continue_private' });
    return true;
  }
  if (u.kind === 'complaint') {
    await ctx.say('flow.complaint.sorry', {}, { private: ctx.inGroup });
    // A complaint that names a worker ("保安马强态度很差") does not ask whom it is about.
    const staff = description ? await findStaffNamed(ctx.actor!.communityId!, told.text) : undefined;
    await flows.begin(
      ctx,
      'complaint',
      {
        description,
        units,
        photos: [],
        subjectText: staff?.name,
        subjectAsked: staff ? true : undefined,
        __later,
      },
      elsewhere,
    );
    return true;
  }
  await flows.begin(
    ctx,
    'feedback',
    {
      kind: u.kind,
      description,
      category: u.category,
      department: u.department,
      units,
      photos: [],
      // help at a public place goes there ("3栋电梯关人了"); help is urgent, so a lift named
      // without its building is taken to be in the owner's own building rather than asked
      location: u.kind === 'help' && u.scope === 'public' ? helpPlace(u.location, units) : undefined,
      // someone coming to help must be able to call (the manuals' help is a visit)
      phone: u.kind === 'help' ? (slots.phone ?? phone) : undefined,
      __later,
      ...(guest ? { guest: true } : {}),
    },
    u.kind === 'praise' ? {} : elsewhere,
  );
  return true;
}

/**
 * A danger first (src/chat/danger.ts), then what else the message told: the problems listed beside
 * it ("1. 厨房煤气味很大 2. 客厅灯不亮") and those of the message still to come (`given.later`).
 */
async function startDanger(
  ctx: ChatContext,
  flows: FlowEngine,
  told: Told,
  hazard: NonNullable<ReturnType<typeof hazardIn>>,
  given?: Told,
): Promise<boolean> {
  await rememberScript(ctx);
  const parts =
    given?.problems?.length || given?.reading ? [] : (splitProblems(told.original)?.problems ?? []);
  const danger = parts.filter((p) => hazardIn(p.text));
  const rest = danger.length ? parts.filter((p) => !danger.includes(p)) : [];
  const dangerTold = rest.length
    ? { text: danger.map((p) => p.text).join('；'), original: danger.map((p) => p.original).join('；') }
    : told;
  await registerDanger(ctx, understand(dangerTold.text), dangerTold, hazard);
  // nothing told is dropped: the problems listed beside it, those that were to ride along with
  // it, and those of the message still to come
  const later = given?.later;
  const laterProblems: Problem[] = later?.problems
    ? later.problems
    : later?.reading
      ? [{ text: later.text, original: later.original, ...later.reading }]
      : [];
  const next = laterReport([...rest, ...(given?.along ?? []), ...laterProblems]);
  if (next) {
    await ctx.say('flow.aside.resume', { text: next.original });
    await startReport(ctx, flows, undefined, { ...next, resumed: true, separate: true });
  }
  return true;
}

/**
 * An owner who writes traditional characters reads them too, and one who reports in English
 * reads English: remembered on their record (when they chose no language), so every later
 * message — the confirmation, the worker's notices, the rating request — comes in zh-TW or en.
 */
export async function rememberScript(ctx: ChatContext): Promise<void> {
  const language = ctx.norm.traditional ? 'zh-TW' : writesEnglish(ctx.text) ? 'en' : undefined;
  if (!language || !ctx.actor?.personId || ctx.actor.language) return;
  const id = ctx.actor.personId;
  const person = await cachedRead('people', id, () => Person.findById(id).lean());
  if (person && !person.language) await Person.updateOne({ _id: person._id }, { $set: { language } });
}

/** Only bound residents report: anyone else is told how (true: answered). */
async function refused(ctx: ChatContext): Promise<boolean> {
  if (!ctx.actor) {
    await ctx.say('chat.bind_first', {}, { private: true });
    return true;
  }
  if (!ctx.isResident) {
    await ctx.say('chat.residents_only');
    return true;
  }
  return false;
}

/** "人工": the question answered last becomes an inquiry for the front desk (or one is asked). */
async function askHuman(ctx: ChatContext, flows: FlowEngine): Promise<boolean> {
  if (await refused(ctx)) return true;
  const question = await takeAnsweredQuestion(ctx);
  const { units } = await ownerProfile(ctx);
  await flows.begin(
    ctx,
    'feedback',
    { kind: 'inquiry', description: question, department: 'customer_service', units, photos: [] },
    { private: ctx.inGroup },
  );
  return true;
}

/** Places every building has: without its number nobody knows which one. */
const BUILDING_BOUND =
  /^(\d{1,2}单元)?(电梯|楼道|楼梯|走廊|单元门|门禁|信箱|天台|楼顶|地下室|消防通道|楼下|楼前|楼后)/;
const needsBuilding = (location: string | undefined) => Boolean(location && BUILDING_BOUND.test(location));
/** Places said from where the owner lives ("楼下垃圾桶满了"): beside their own building. */
const BESIDE_OWN = /^(楼下|楼前|楼后)/;

/** Where help is needed: the place said, in the owner's building when it names none and they have one. */
function helpPlace(location: string | undefined, units: Array<{ label: string }>): string | undefined {
  if (!location || !needsBuilding(location)) return location;
  const building = units.length === 1 ? findUnitAddress(units[0]!.label)?.address.building : undefined;
  return building ? `${building}栋${location}` : location;
}
