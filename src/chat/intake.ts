import type { TicketKind } from '../domain/roles.js';
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
import { chosen, understand, type Understanding } from './understand.js';
import { renovationIntent } from '../renovation/intent.js';
import { startRenovation } from '../renovation/flow.js';
import { cachedRead } from '../data/directory-cache.js';
import { hazardIn } from '../domain/hazards.js';
import { registerDanger } from './danger.js';

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
  const u: Understanding = picked ? chosen(picked) : understand(told.text);
  // Gas, sparks, fire, someone trapped or hurt: registered at once, nothing asked first.
  const hazard = picked ? undefined : hazardIn(told.text);
  if (hazard && ctx.actor && ctx.isResident) {
    await rememberScript(ctx);
    await registerDanger(ctx, u, told, hazard);
    return true;
  }
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
  // A question (or an unsure message) the property has answered is answered at once.
  const mayBeQuestion = !picked && !given?.reading && (clarify || u.kind === 'inquiry');
  if (mayBeQuestion && ctx.actor?.communityId && ctx.isResident && (!ctx.inGroup || ctx.msg.mentionSelf)) {
    await rememberScript(ctx);
    if (await answerFromKnowledge(ctx, told.text, told.original)) return true;
  }
  // Nothing points anywhere (chatter): the caller answers briefly or stays quiet; never a ticket.
  // (Group talk not addressed to the bot reaches here only when the group gate read it as a
  // report or it holds a trigger word: an unsure reading is then asked about privately.)
  if (clarify && !readings.length) return false;
  if (!u.kind && !clarify) return false;
  if (!ctx.actor) {
    await ctx.say('chat.bind_first', {}, { private: true });
    return true;
  }
  if (!ctx.isResident) {
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
  const description = !picked && hasSubstance(told.text) ? told.original : undefined;
  // What the first message already says is never asked again.
  const { config } = ctx.services;
  const slots = picked
    ? {}
    : readSlots(told.text, ctx.msg.at, config.timezone, config.bot.appointmentMaxAhead);
  const named = unitNamed(units, slots.unit);
  if (u.kind === 'repair') {
    const urgent = u.urgent || slots.asap;
    const data = {
      description,
      category: u.category,
      department: u.department,
      scope: named ? ('in_unit' as const) : u.scope,
      // "电梯坏了" without a building: which lift is asked, and joined to the place.
      location: needsBuilding(u.location) ? undefined : u.location,
      placeHint: needsBuilding(u.location) ? u.location : undefined,
      units,
      unitId: named?.id ?? (units.length === 1 ? units[0]!.id : undefined),
      urgency: urgent ? ('urgent' as const) : slots.appointment ? ('normal' as const) : undefined,
      appointment: slots.appointment,
      timeAsked: Boolean(urgent || slots.appointment),
      timeProblem: slots.timeProblem,
      phone: slots.phone ?? phone,
      photos: [],
    };
    const privately = ctx.inGroup && u.scope !== 'public';
    await flows.begin(ctx, 'repair', data, { private: privately, groupNote: 'chat.continue_private' });
    return true;
  }
  if (u.kind === 'complaint') {
    await ctx.say('flow.complaint.sorry', {}, { private: ctx.inGroup });
    // A complaint that names a worker ("保安马强态度很差") does not ask whom it is about.
    const staff = description ? await findStaffNamed(ctx.actor.communityId!, told.text) : undefined;
    await flows.begin(
      ctx,
      'complaint',
      { description, units, photos: [], subjectText: staff?.name, subjectAsked: staff ? true : undefined },
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
    },
    u.kind === 'praise' ? {} : elsewhere,
  );
  return true;
}

/**
 * An owner who writes traditional characters reads them too: remembered on their record (when
 * they chose no language), so every later message — the confirmation, the worker's notices, the
 * rating request — comes in zh-TW.
 */
export async function rememberScript(ctx: ChatContext): Promise<void> {
  if (!ctx.norm.traditional || !ctx.actor?.personId || ctx.actor.language) return;
  const id = ctx.actor.personId;
  const person = await cachedRead('people', id, () => Person.findById(id).lean());
  if (person && !person.language)
    await Person.updateOne({ _id: person._id }, { $set: { language: 'zh-TW' } });
}

/** "人工": the question answered last becomes an inquiry for the front desk (or one is asked). */
async function askHuman(ctx: ChatContext, flows: FlowEngine): Promise<boolean> {
  if (!ctx.actor) {
    await ctx.say('chat.bind_first', {}, { private: true });
    return true;
  }
  if (!ctx.isResident) {
    await ctx.say('chat.residents_only');
    return true;
  }
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
const BUILDING_BOUND = /^(电梯|楼道|楼梯|走廊|单元门|门禁|信箱|天台|楼顶|地下室|消防通道)/;
const needsBuilding = (location: string | undefined) => Boolean(location && BUILDING_BOUND.test(location));

/** Where help is needed: the place said, in the owner's building when it names none and they have one. */
function helpPlace(location: string | undefined, units: Array<{ label: string }>): string | undefined {
  if (!location || !needsBuilding(location)) return location;
  const building = units.length === 1 ? findUnitAddress(units[0]!.label)?.address.building : undefined;
  return building ? `${building}栋${location}` : location;
}
