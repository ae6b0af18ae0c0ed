import { DateTime } from 'luxon';
import type { Types } from 'mongoose';
import { ChatIdentity, Person, Unit } from '../data/models/index.js';
import { isDuplicateKey } from '../data/errors.js';
import { translator, type TFunction } from '../i18n.js';
import type { JobContext } from '../scheduler/context.js';
import { COMMENT_STEP, SURVEY_AREAS } from './areas.js';
import { announceResults } from './announce.js';
import { SurveyCampaign, SurveyResponse, type CampaignDoc, type ResponseDoc } from './models.js';
import { closeTurnsOf, openTurn } from './turns.js';

/** The question at `step`: one area with its numbered answers, or the closing comment. */
export function questionText(t: TFunction, step: number): string {
  if (step >= COMMENT_STEP) return t('surveys.chat.comment');
  const area = SURVEY_AREAS[step]!;
  return t('surveys.chat.question', {
    n: step + 1,
    total: SURVEY_AREAS.length,
    area: t(`surveys.area.${area}`),
  });
}

interface Owner {
  personId: Types.ObjectId;
  zoneId?: Types.ObjectId;
  language?: string | null;
}

/** The registered owners the campaign addresses: owners of the community, in its zones if any. */
export async function audienceOf(c: Pick<CampaignDoc, 'communityId' | 'zoneIds'>): Promise<Owner[]> {
  const people = await Person.find(
    { communityId: c.communityId, roles: 'owner', active: true },
    { units: 1, language: 1 },
  ).lean();
  const unitIds = people.flatMap((p) => p.units.map((u) => u.unitId));
  const units = await Unit.find({ _id: { $in: unitIds } }, { zoneId: 1 }).lean();
  const zoneOf = new Map(units.map((u) => [String(u._id), u.zoneId]));
  const zones = new Set((c.zoneIds ?? []).map(String));
  const owners: Owner[] = [];
  for (const p of people) {
    const unitZones = p.units.map((u) => zoneOf.get(String(u.unitId))).filter((z) => z !== undefined);
    const zoneId = zones.size ? unitZones.find((z) => zones.has(String(z))) : unitZones[0];
    if (zones.size && !zoneId) continue;
    owners.push({ personId: p._id, zoneId, language: p.language });
  }
  return owners;
}

const responseId = (campaignId: string, personId: unknown) => `${campaignId}:${String(personId)}`;

/**
 * Issues a campaign: one questionnaire per registered owner (the `_id` makes a second run add
 * nothing), and the first question by chat to each owner with a bound contact, through the outbox
 * (quiet hours held, sending paced by the outbound sender). Owners without a contact are counted
 * as not reached (paper forms at the front desk).
 */
export async function issueCampaign(
  ctx: JobContext,
  c: CampaignDoc,
): Promise<{ eligible: number; issued: number }> {
  const now = ctx.now();
  const owners = await audienceOf(c);
  const bound = new Set(
    (
      await ChatIdentity.find({ personId: { $in: owners.map((o) => o.personId) } }, { personId: 1 }).lean()
    ).map((i) => String(i.personId)),
  );
  let issued = 0;
  for (const o of owners) {
    const reachable = bound.has(String(o.personId));
    const _id = responseId(c._id, o.personId);
    try {
      await SurveyResponse.create({
        _id,
        campaignId: c._id,
        communityId: c.communityId,
        zoneId: o.zoneId,
        personId: o.personId,
        reachable,
        issuedAt: now,
        lastAskedAt: reachable ? now : undefined,
      });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    if (!reachable) continue;
    issued++;
    await openTurn(String(o.personId), _id, c._id);
    const language = o.language ?? ctx.config.defaultLanguage;
    const t = translator(language);
    await ctx.notifier.notify({
      personId: String(o.personId),
      audience: 'owner',
      text: `${t('surveys.chat.intro', { title: c.title, end: dayText(c.endAt, language, ctx.config.timezone) })}\n\n${questionText(t, 0)}`,
      reason: 'survey',
      dedupeKey: `survey:${c._id}:${String(o.personId)}:issue`,
    });
  }
  await SurveyCampaign.updateOne(
    { _id: c._id },
    { $set: { status: 'open', issuedAt: now, eligible: owners.length, issued } },
  );
  return { eligible: owners.length, issued };
}

/** A date as the reader of `language` writes it ("12月31日", "Dec 31"), in the desk's time zone. */
export function dayText(d: Date, language: string, timezone: string): string {
  return DateTime.fromJSDate(d)
    .setZone(timezone)
    .setLocale(language)
    .toFormat(translator(language)('surveys.format.day'));
}

/**
 * Reminds every reached owner who has not finished and was last asked at least
 * `surveys.remindEvery` ago (at most `surveys.maxReminders` times), repeating the question they
 * stopped at so they can answer it straight away.
 */
export async function remindNonRespondents(ctx: JobContext, c: CampaignDoc): Promise<number> {
  const { remindEvery, maxReminders } = ctx.config.surveys;
  const now = ctx.now();
  const due = await SurveyResponse.find({
    campaignId: c._id,
    reachable: true,
    completedAt: { $exists: false },
    reminders: { $lt: maxReminders },
    lastAskedAt: { $lte: new Date(now.getTime() - remindEvery) },
  }).lean<ResponseDoc[]>();
  if (!due.length) return 0;
  const people = await Person.find({ _id: { $in: due.map((r) => r.personId) } }, { language: 1 }).lean();
  const language = new Map(people.map((p) => [String(p._id), p.language]));
  for (const r of due) {
    const n = r.reminders + 1;
    const personId = String(r.personId);
    const lng = language.get(personId) ?? ctx.config.defaultLanguage;
    const t = translator(lng);
    await openTurn(personId, r._id, c._id);
    await ctx.notifier.notify({
      personId,
      audience: 'owner',
      text: `${t('surveys.chat.reminder', { title: c.title, answered: r.step, total: SURVEY_AREAS.length, end: dayText(c.endAt, lng, ctx.config.timezone) })}\n\n${questionText(t, r.step)}`,
      reason: 'survey_reminder',
      dedupeKey: `survey:${c._id}:${personId}:remind:${n}`,
    });
    await SurveyResponse.updateOne({ _id: r._id }, { $set: { reminders: n, lastAskedAt: now } });
  }
  return due.length;
}

/**
 * Closes a campaign past its end: no more answers or reminders; the zone managers and the CS
 * supervisor get the results in chat. Announced before it is marked closed (each message keyed
 * per person), so a run that fails half-way is repeated without telling anyone twice.
 */
export async function closeCampaign(ctx: JobContext, c: CampaignDoc): Promise<void> {
  await closeTurnsOf(c._id);
  // a campaign that never went out (its job was down all along) has no results to tell
  const told = c.status === 'open' ? await announceResults(ctx, c) : 0;
  await SurveyCampaign.updateOne(
    { _id: c._id },
    { $set: { status: 'closed', closedAt: ctx.now(), resultsSentAt: ctx.now(), resultsSentTo: told } },
  );
}

/** One run of the survey job: issue what has started, remind, close what has ended. */
export async function surveyTick(
  ctx: JobContext,
): Promise<{ issued: number; reminded: number; closed: number }> {
  const now = ctx.now();
  const out = { issued: 0, reminded: 0, closed: 0 };
  const campaigns = await SurveyCampaign.find({ status: { $in: ['scheduled', 'open'] } }).lean<
    CampaignDoc[]
  >();
  for (const c of campaigns) {
    if (c.endAt <= now) {
      await closeCampaign(ctx, c);
      out.closed++;
    } else if (c.status === 'scheduled') {
      if (c.startAt <= now) out.issued += (await issueCampaign(ctx, c)).issued;
    } else out.reminded += await remindNonRespondents(ctx, c);
  }
  return out;
}
