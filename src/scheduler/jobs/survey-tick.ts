import { surveyTick } from '../../surveys/questionnaire.js';
import type { JobContext } from '../context.js';

/**
 * Every `surveys.tickEvery`: issues survey campaigns whose start has come, reminds owners who
 * have not finished (`surveys.remindEvery`, at most `surveys.maxReminders`), closes ended ones.
 * Owners' messages go through the outbox (quiet hours, sending pace); each is deduplicated per
 * owner and step, so a rerun after a failure sends nothing twice.
 */
export const SURVEY_TICK = 'surveys.tick';

export async function runSurveyTick(ctx: JobContext): Promise<void> {
  const r = await surveyTick(ctx);
  if (r.issued || r.reminded || r.closed) ctx.log.info(r, 'survey job');
}
