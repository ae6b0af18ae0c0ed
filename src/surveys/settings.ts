import { z } from 'zod';
import { durationSchema } from '../config/duration.js';

/** The half-year satisfaction survey's cadences (config key `surveys`); durations shrink in tests. */
export const surveySettingsSchema = z
  .object({
    /** How often the survey job looks for campaigns to issue, remind and close. */
    tickEvery: durationSchema.prefault('5 minutes'),
    /** A non-respondent is reminded this long after they were last asked (held in quiet hours)… */
    remindEvery: durationSchema.prefault('3 days'),
    /** …at most this many times per campaign. */
    maxReminders: z.number().int().min(0).max(10).default(1),
    /** A campaign created without an end stays open this long. */
    openFor: durationSchema.prefault('30 days'),
    /**
     * How long the in-memory list of owners with an open questionnaire is trusted before it is
     * read again (src/surveys/turns.ts); this process's own writes keep it current meanwhile.
     */
    turnsRefresh: durationSchema.prefault('5 minutes'),
    /** Targets of seed 003 (发放率 100%, 回收率 80%). */
    issuanceTarget: z.number().min(0).max(1).default(1),
    returnTarget: z.number().min(0).max(1).default(0.8),
    /** How many common complaint words the results list. */
    themes: z.number().int().min(1).max(50).default(10),
  })
  .strict();

export type SurveySettings = z.infer<typeof surveySettingsSchema>;
