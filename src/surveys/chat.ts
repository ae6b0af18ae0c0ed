import { OpenTicket } from '../data/models/index.js';
import { command } from '../chat/command.js';
import type { ChatContext } from '../chat/context.js';
import { isUnsure } from '../chat/readings.js';
import { understand } from '../chat/understand.js';
import { rememberScript } from '../chat/intake.js';
import { COMMENT_STEP, SURVEY_AREAS } from './areas.js';
import { NO_COMMENT, readAnswer } from './answers.js';
import { SurveyCampaign, SurveyResponse, SurveyTurn, type CampaignDoc, type ResponseDoc } from './models.js';
import { questionText } from './questionnaire.js';
import { closeTurn, openTurns } from './turns.js';

/** Asks for the open questionnaire again ("问卷", "继续调查"). */
const RESUME = /^(继续)?(问卷|调查|满意度调查|调查问卷|满意度问卷)$|^继续(答题|填写)$/u;

/** A message at the comment step that is plainly something else: a report or a question. */
function isOtherBusiness(text: string): boolean {
  if (/^\d+$/.test(text)) return true; // the menu's numbers
  const u = understand(text);
  if ((u.kind === 'repair' || u.kind === 'help') && !isUnsure(u)) return true;
  if ((u.kind === 'complaint' || u.kind === 'inquiry') && u.confidence >= 1) return true;
  return /[?？吗]$/u.test(text);
}

/**
 * The owner's answers to the half-year survey, in a direct chat. Only what reads as an answer is
 * taken ("1", "１", "滿意", "基本满意吧", the comment at the end); anything else — a new repair,
 * 我的报修 — passes on and the questionnaire waits where it was. A rating asked after the last
 * question was takes the answer instead (the later question wins).
 */
export const surveyAnswer = command<{ text: string }>({
  name: 'survey',
  match: ({ text, inGroup }) => (inGroup ? undefined : { text }),
  async handle(ctx, { text }) {
    if (!ctx.isResident || !ctx.actor?.personId) return false;
    const personId = ctx.actor.personId;
    const resume = RESUME.test(text);
    // no questionnaire waits for this owner (the in-memory set says so): no read at all
    const { turnsRefresh } = ctx.services.config.surveys;
    if (!resume && !(await openTurns.mayHave(personId, turnsRefresh))) return false;
    const turn = await SurveyTurn.findById(personId).lean();
    if (!turn) {
      if (resume) await ctx.say('surveys.chat.none_open', {}, { private: true });
      return resume;
    }
    const [r, c] = await Promise.all([
      SurveyResponse.findById(turn.responseId).lean<ResponseDoc>(),
      SurveyCampaign.findById(turn.campaignId).lean<CampaignDoc>(),
    ]);
    const now = ctx.msg.at;
    if (!r || !c || r.completedAt || c.status !== 'open' || c.endAt <= now) {
      await closeTurn(personId);
      if (resume) await ctx.say('surveys.chat.none_open', {}, { private: true });
      return resume;
    }
    if (resume) return ask(ctx, r.step, 'surveys.chat.resumed');
    if (r.step < COMMENT_STEP) {
      const a = readAnswer(text);
      if (!a || (await ratingAskedLater(ctx, r))) return false;
      await rememberScript(ctx);
      if ('outOfRange' in a) {
        await ctx.reply(`${ctx.t('surveys.chat.bad_choice')}\n${questionText(ctx.t, r.step)}`, {
          private: true,
        });
        return true;
      }
      const area = SURVEY_AREAS[r.step]!;
      // One sender's messages are handled in order (pipeline), so the step cannot move meanwhile;
      // a bare `_id` filter is the one FerretDB reads by key (any other field scans the campaign).
      await SurveyResponse.updateOne(
        { _id: r._id },
        { $push: { answers: { area, choice: a.choice } }, $set: { step: r.step + 1, lastAskedAt: now } },
      );
      return ask(ctx, r.step + 1);
    }
    if (isOtherBusiness(text)) return false;
    await rememberScript(ctx);
    const comment = NO_COMMENT.test(text) ? undefined : ctx.original.trim();
    if (comment && comment.length > 500) {
      await ctx.say('surveys.chat.comment_too_long', { max: 500 }, { private: true });
      return true;
    }
    await SurveyResponse.updateOne(
      { _id: r._id },
      { $set: { step: COMMENT_STEP + 1, completedAt: now, ...(comment ? { comment } : {}) } },
    );
    await closeTurn(personId);
    await ctx.say('surveys.chat.thanks', {}, { private: true });
    return true;
  },
});

async function ask(ctx: ChatContext, step: number, lead?: string): Promise<true> {
  const q = questionText(ctx.t, step);
  await ctx.reply(lead ? `${ctx.t(lead)}\n${q}` : q, { private: true });
  return true;
}

/** A completed ticket's rating request newer than the survey question: "满意" answers that. */
async function ratingAskedLater(ctx: ChatContext, r: ResponseDoc): Promise<boolean> {
  // completed/handled are open states: read from the open copies, not the whole history
  const t = await OpenTicket.findOne(
    { reporterId: ctx.actor!.personId, state: { $in: ['completed', 'handled'] } },
    { completedAt: 1, updatedAt: 1 },
  )
    .sort({ completedAt: -1, updatedAt: -1 })
    .lean();
  const at = t?.completedAt ?? t?.updatedAt;
  return Boolean(at && r.lastAskedAt && at > r.lastAskedAt);
}
