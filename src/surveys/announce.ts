import { Person } from '../data/models/index.js';
import type { Actor } from '../domain/actor.js';
import type { Role } from '../domain/roles.js';
import { translator, type TFunction } from '../i18n.js';
import type { JobContext } from '../scheduler/context.js';
import type { CampaignDoc } from './models.js';
import { surveyResults, type SurveyResults } from './results.js';

const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 1000) / 10}%`);

/**
 * Pure: the results as a zone manager or the CS supervisor reads them in chat: issuance and return
 * against the targets, overall and per-area satisfaction, per zone, the common complaints.
 */
export function summaryText(t: TFunction, c: Pick<CampaignDoc, 'title'>, r: SurveyResults): string {
  const areas = r.areas
    .filter((a) => a.answered > 0)
    .map((a) =>
      t('surveys.summary.area', {
        area: t(`surveys.area.${a.area}`),
        rate: pct(a.satisfactionRate),
        unsatisfied: a.unsatisfied,
      }),
    );
  const zones = r.zones.map((z) =>
    t('surveys.summary.zone', {
      zone: z.zone,
      returned: z.returned,
      issued: z.issued,
      rate: pct(z.returnRate),
    }),
  );
  const complaints = [
    ...r.themes.unsatisfied
      .slice(0, 3)
      .map((u) => t('surveys.summary.unsatisfied', { area: t(`surveys.area.${u.area}`), count: u.count })),
    ...r.themes.words.slice(0, 5).map((w) => t('surveys.summary.word', { word: w.word, count: w.count })),
  ];
  return t('surveys.summary.text', {
    title: c.title,
    issued: r.issued,
    eligible: r.eligible,
    issuance: pct(r.issuanceRate),
    issuanceTarget: pct(r.targets.issuance),
    returned: r.returned,
    return: pct(r.returnRate),
    returnTarget: pct(r.targets.return),
    overall: pct(r.overall.satisfactionRate),
    areas: areas.length ? areas.join('\n') : t('surveys.summary.no_answers'),
    zones: zones.join(t('surveys.summary.separator')),
    complaints: complaints.length
      ? complaints.join(t('surveys.summary.separator'))
      : t('surveys.summary.none'),
  });
}

const READERS: Role[] = ['zone_manager', 'cs_supervisor'];

/**
 * Sends a closed campaign's results to the CS supervisors of its community (all zones) and to the
 * zone managers of its zones (their zones' figures), through the notifier (staff messages; one
 * key per campaign and person, so a repeated run tells nobody twice). Returns how many were told.
 */
export async function announceResults(ctx: JobContext, c: CampaignDoc): Promise<number> {
  const campaignZones = new Set((c.zoneIds ?? []).map(String));
  const people = await Person.find(
    { communityId: c.communityId, active: true, roles: { $in: READERS } },
    { name: 1, roles: 1, zoneIds: 1, language: 1 },
  ).lean();
  let told = 0;
  const cache = new Map<string, Promise<SurveyResults>>();
  for (const p of people) {
    const roles = p.roles as Role[];
    const zoneIds = (p.zoneIds ?? []).map(String);
    const supervisor = roles.includes('cs_supervisor');
    if (!supervisor && campaignZones.size && !zoneIds.some((z) => campaignZones.has(z))) continue;
    const actor: Actor = {
      kind: 'person',
      personId: String(p._id),
      name: p.name,
      roles,
      communityId: String(c.communityId),
      zoneIds,
      unitIds: [],
      consoleRole: supervisor ? 'cs_supervisor' : 'zone_manager',
    };
    const key = supervisor ? '*' : [...zoneIds].sort().join(',');
    if (!cache.has(key)) cache.set(key, surveyResults(actor, c, ctx.config.surveys));
    const t = translator(p.language ?? ctx.config.defaultLanguage);
    await ctx.notifier.notify({
      personId: String(p._id),
      audience: 'staff',
      text: summaryText(t, c, await cache.get(key)!),
      reason: 'survey_results',
      dedupeKey: `survey:${c._id}:results:${String(p._id)}`,
    });
    told++;
  }
  return told;
}
