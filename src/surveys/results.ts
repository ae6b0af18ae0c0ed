import { Types } from 'mongoose';
import { Zone } from '../data/models/index.js';
import type { Actor } from '../domain/actor.js';
import { zoneLimited } from '../services/zone-scope.js';
import type { SurveySettings } from './settings.js';
import { CHOICES, SURVEY_AREAS, type Choice, type SurveyArea } from './areas.js';
import { SurveyResponse, type CampaignDoc, type ResponseDoc } from './models.js';
import { commonWords } from './themes.js';

export interface Tally {
  answered: number;
  satisfied: number;
  basic: number;
  unsatisfied: number;
  /** (满意 + 基本满意) / answered, or null without answers. */
  satisfactionRate: number | null;
}

const rate = (n: number, d: number) => (d ? Math.round((n / d) * 1000) / 1000 : null);

function tally(choices: Choice[]): Tally {
  const c = Object.fromEntries(CHOICES.map((k) => [k, 0])) as Record<Choice, number>;
  for (const x of choices) c[x]++;
  const answered = choices.length;
  return { answered, ...c, satisfactionRate: rate(c.satisfied + c.basic, answered) };
}

export interface SurveyResults {
  campaignId: string;
  eligible: number;
  issued: number;
  returned: number;
  unreachable: number;
  issuanceRate: number | null;
  returnRate: number | null;
  targets: { issuance: number; return: number };
  overall: Tally;
  areas: Array<Tally & { area: SurveyArea }>;
  zones: Array<
    Tally & {
      zoneId: string | null;
      zone: string;
      eligible: number;
      issued: number;
      returned: number;
      returnRate: number | null;
    }
  >;
  /** Common complaints: the areas owners were dissatisfied with, and the frequent words of comments. */
  themes: {
    unsatisfied: Array<{ area: SurveyArea; count: number }>;
    words: Array<{ word: string; count: number }>;
  };
  comments: number;
}

/** The responses an actor may read: a zone manager's zones only. */
export function responseScope(actor: Actor): Record<string, unknown> {
  if (!zoneLimited(actor)) return {};
  return { zoneId: { $in: actor.zoneIds.map((z) => new Types.ObjectId(z)) } };
}

/**
 * The campaign's figures (seed 003 2.2): copies issued and returned against the targets
 * (100% / 80%), overall and per-area satisfaction, per zone, and the common complaints.
 */
export async function surveyResults(
  actor: Actor,
  c: CampaignDoc,
  settings: SurveySettings,
): Promise<SurveyResults> {
  const rows = await SurveyResponse.find({ campaignId: c._id, ...responseScope(actor) }).lean<
    ResponseDoc[]
  >();
  return summarise(c._id, rows, await zoneNames(rows), settings);
}

async function zoneNames(rows: ResponseDoc[]): Promise<Map<string, string>> {
  const ids = [...new Set(rows.map((r) => String(r.zoneId ?? '')).filter(Boolean))];
  const zones = await Zone.find({ _id: { $in: ids.map((z) => new Types.ObjectId(z)) } }, { name: 1 }).lean();
  return new Map(zones.map((z) => [String(z._id), String(z.name)]));
}

/** Pure: the figures of a set of responses. */
export function summarise(
  campaignId: string,
  rows: ResponseDoc[],
  zoneName: Map<string, string>,
  settings: Pick<SurveySettings, 'issuanceTarget' | 'returnTarget' | 'themes'>,
): SurveyResults {
  const returned = rows.filter((r) => r.completedAt);
  const issued = rows.filter((r) => r.reachable);
  const answers = returned.flatMap((r) => r.answers);
  const byZone = new Map<string, ResponseDoc[]>();
  for (const r of rows) {
    const k = r.zoneId ? String(r.zoneId) : '';
    byZone.set(k, [...(byZone.get(k) ?? []), r]);
  }
  const areas = SURVEY_AREAS.map((area) => ({
    area,
    ...tally(answers.filter((a) => a.area === area).map((a) => a.choice as Choice)),
  }));
  const comments = returned.map((r) => r.comment).filter((x): x is string => Boolean(x));
  return {
    campaignId,
    eligible: rows.length,
    issued: issued.length,
    returned: returned.length,
    unreachable: rows.length - issued.length,
    issuanceRate: rate(issued.length, rows.length),
    returnRate: rate(returned.length, issued.length),
    targets: { issuance: settings.issuanceTarget, return: settings.returnTarget },
    overall: tally(answers.map((a) => a.choice as Choice)),
    areas,
    zones: [...byZone]
      .map(([zoneId, rs]) => {
        const done = rs.filter((r) => r.completedAt);
        const reached = rs.filter((r) => r.reachable).length;
        return {
          zoneId: zoneId || null,
          zone: zoneName.get(zoneId) ?? '—',
          eligible: rs.length,
          issued: reached,
          returned: done.length,
          returnRate: rate(done.length, reached),
          ...tally(done.flatMap((r) => r.answers.map((a) => a.choice as Choice))),
        };
      })
      .sort((a, b) => a.zone.localeCompare(b.zone)),
    themes: {
      unsatisfied: areas
        .filter((a) => a.unsatisfied > 0)
        .map((a) => ({ area: a.area, count: a.unsatisfied }))
        .sort((a, b) => b.count - a.count),
      words: commonWords(comments, settings.themes),
    },
    comments: comments.length,
  };
}
