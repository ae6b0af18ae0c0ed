import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import { Person, Unit, unitLabel } from '../data/models/index.js';
import type { Actor } from '../domain/actor.js';
import { translator } from '../i18n.js';
import { SURVEY_AREAS } from './areas.js';
import { SurveyResponse, type CampaignDoc, type ResponseDoc } from './models.js';
import { responseScope, type SurveyResults } from './results.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const pct = (v: number | null) => (v === null ? '' : `${Math.round(v * 1000) / 10}%`);
/** Owner-typed text never becomes a spreadsheet formula. */
const safe = (v: string | undefined) => (v && /^[=+\-@\t\r]/.test(v) ? `'${v}` : (v ?? ''));

/**
 * The survey report as one workbook (exceljs, as the ticket ledger): summary, per area, per
 * zone, common complaints, and each returned questionnaire with its answers and comment.
 * Names and units are the actor's to see (staff console); phones are not exported.
 */
export async function surveyWorkbook(
  actor: Actor,
  c: CampaignDoc,
  r: SurveyResults,
  language: string,
  timezone: string,
): Promise<Buffer> {
  const t = translator(language);
  /** Dates as the reader writes them ("2026年12月31日 18:00", "Dec 31, 2026, 18:00"). */
  const when = (d: Date) =>
    DateTime.fromJSDate(d).setZone(timezone).setLocale(language).toFormat(t('surveys.format.when'));
  const col = (k: string) => t(`surveys.columns.${k}`);
  const book = new ExcelJS.Workbook();
  const sheet = (name: string, headers: string[]) => {
    const ws = book.addWorksheet(t(`surveys.sheet.${name}`));
    ws.addRow(headers).font = { bold: true };
    ws.columns.forEach((x) => (x.width = 16));
    return ws;
  };
  const summary = sheet('summary', [c.title, c.period]);
  summary.addRow([col('startAt'), when(c.startAt)]);
  summary.addRow([col('endAt'), when(c.endAt)]);
  for (const [k, v] of [
    ['eligible', r.eligible],
    ['issued', r.issued],
    ['unreachable', r.unreachable],
    ['returned', r.returned],
    ['issuanceRate', pct(r.issuanceRate)],
    ['returnRate', pct(r.returnRate)],
    ['satisfactionRate', pct(r.overall.satisfactionRate)],
  ] as const)
    summary.addRow([col(k), v]);

  const tallyCols = ['answered', 'satisfied', 'basic', 'unsatisfied', 'satisfactionRate'];
  const areas = sheet('areas', [col('area'), ...tallyCols.map(col)]);
  for (const a of r.areas)
    areas.addRow([
      t(`surveys.area.${a.area}`),
      a.answered,
      a.satisfied,
      a.basic,
      a.unsatisfied,
      pct(a.satisfactionRate),
    ]);

  const zones = sheet(
    'zones',
    ['zone', 'eligible', 'issued', 'returned', 'returnRate', ...tallyCols].map(col),
  );
  for (const z of r.zones)
    zones.addRow([
      z.zone,
      z.eligible,
      z.issued,
      z.returned,
      pct(z.returnRate),
      z.answered,
      z.satisfied,
      z.basic,
      z.unsatisfied,
      pct(z.satisfactionRate),
    ]);

  const themes = sheet('themes', [col('source'), col('word'), col('count')]);
  for (const u of r.themes.unsatisfied)
    themes.addRow([t('surveys.source.unsatisfied'), t(`surveys.area.${u.area}`), u.count]);
  for (const w of r.themes.words) themes.addRow([t('surveys.source.comment'), w.word, w.count]);

  const rows = await SurveyResponse.find({
    campaignId: c._id,
    completedAt: { $exists: true },
    ...responseScope(actor),
  }).lean<ResponseDoc[]>();
  const people = await Person.find(
    { _id: { $in: rows.map((x) => x.personId) } },
    { name: 1, units: 1 },
  ).lean();
  const person = new Map(people.map((p) => [String(p._id), p]));
  const units = await Unit.find({ _id: { $in: people.flatMap((p) => p.units.map((u) => u.unitId)) } }).lean();
  const unit = new Map(units.map((u) => [String(u._id), unitLabel(u)]));
  const zoneName = new Map(r.zones.map((z) => [z.zoneId ?? '', z.zone]));
  const detail = sheet('responses', [
    col('owner'),
    col('unit'),
    col('zone'),
    ...SURVEY_AREAS.map((a) => t(`surveys.area.${a}`)),
    col('comment'),
    col('reminders'),
    col('completedAt'),
  ]);
  for (const x of rows) {
    const p = person.get(String(x.personId));
    const choice = new Map(x.answers.map((a) => [a.area, t(`surveys.choice.${a.choice}`)]));
    detail.addRow([
      p?.name ?? '',
      p?.units[0] ? (unit.get(String(p.units[0].unitId)) ?? '') : '',
      zoneName.get(String(x.zoneId ?? '')) ?? '',
      ...SURVEY_AREAS.map((a) => choice.get(a) ?? ''),
      safe(x.comment ?? undefined),
      x.reminders,
      x.completedAt ? when(x.completedAt) : '',
    ]);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
