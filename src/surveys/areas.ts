/** The ten areas of the half-year owners' survey (seed 003, 业主意见征询制度 2.1 a–j), in order. */
export const SURVEY_AREAS = [
  'security',
  'power',
  'water',
  'fire_safety',
  'hygiene',
  'greening',
  'public_facilities',
  'repairs',
  'attitude',
  'other',
] as const;
export type SurveyArea = (typeof SURVEY_AREAS)[number];

/** The answers, numbered as the owner types them: 1 满意, 2 基本满意, 3 不满意. */
export const CHOICES = ['satisfied', 'basic', 'unsatisfied'] as const;
export type Choice = (typeof CHOICES)[number];

/** The step after the ten areas: the free-text comment. */
export const COMMENT_STEP = SURVEY_AREAS.length;
