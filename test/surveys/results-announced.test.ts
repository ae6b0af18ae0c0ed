import ExcelJS from 'exceljs';
import { Person, Zone } from '../../src/data/models/index.js';
import { Outbox } from '../../src/notify/outbox.js';
import { ADMIN_ACTOR } from '../../src/domain/actor.js';
import type { JobContext } from '../../src/scheduler/context.js';
import { SurveyCampaigns, campaignView } from '../../src/surveys/campaigns.js';
import { surveyWorkbook } from '../../src/surveys/export.js';
import { SurveyCampaign, type CampaignDoc } from '../../src/surveys/models.js';
import { dayText, surveyTick } from '../../src/surveys/questionnaire.js';
import { surveyResults } from '../../src/surveys/results.js';
import { startChat, type ChatHarness } from '../support/chat.js';
import { jobContext } from '../support/jobs.js';

/** Default reminders (at most one), a cadence shrunk to minutes. */
const SURVEYS = { surveys: { remindEvery: '10 minutes' } };

let h: ChatHarness;
let now: Date;
let ctx: JobContext;
let campaign: CampaignDoc;
const sentTo = async (name: string, reason: RegExp) => (await h.outboxTo(name, reason)).map((r) => r.text);

beforeAll(async () => {
  h = await startChat(SURVEYS);
  now = new Date();
  const { config } = h.services;
  ctx = jobContext(h.services, () => now);
  await Person.updateOne({ name: '张伟' }, { $set: { language: 'en' } });
  campaign = await new SurveyCampaigns(config, () => now).create(ADMIN_ACTOR, {
    period: '2026-H2',
    endAt: new Date(now.getTime() + 3600_000).toISOString(),
  });
  await surveyTick(ctx);
  // 张伟 (zone A) answers everything, dissatisfied with greening, with a comment
  for (const a of ['1', '1', '1', '2', '1', '3', '1', '1', '1', '1', '停车位太少，绿化没人修剪'])
    await h.say('张伟', a);
}, 90_000);
afterAll(() => h.close());

describe('survey dates in the reader’s language', () => {
  it('gives the end date as the owner writes dates (en, zh-CN, zh-TW)', async () => {
    const [intro] = await sentTo('张伟', /^survey$/);
    expect(intro).toContain(dayText(campaign.endAt, 'en', h.services.config.timezone));
    expect(dayText(new Date('2026-12-31T10:00:00Z'), 'en', 'Asia/Shanghai')).toBe('Dec 31');
    expect(dayText(new Date('2026-12-31T10:00:00Z'), 'zh-CN', 'Asia/Shanghai')).toBe('12月31日');
    expect(dayText(new Date('2026-12-31T10:00:00Z'), 'zh-TW', 'Asia/Shanghai')).toBe('12月31日');
  });

  it('writes the workbook’s dates in the reader’s language', async () => {
    const r = await surveyResults(ADMIN_ACTOR, campaign, h.services.config.surveys);
    const read = async (lng: string) => {
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(
        (await surveyWorkbook(ADMIN_ACTOR, campaign, r, lng, h.services.config.timezone)) as never,
      );
      return book;
    };
    const en = await read('en');
    const detail = en.worksheets.at(-1)!;
    const completed = String(detail.getRow(2).getCell(detail.columnCount).value);
    expect(completed).toMatch(/^[A-Z][a-z]{2} \d{1,2}, 20\d\d, \d\d:\d\d$/);
    const issuedFrom = en.worksheets[0]!.getRow(2);
    expect(String(issuedFrom.getCell(1).value)).toBe('Issued from');
    expect(String(issuedFrom.getCell(2).value)).toMatch(/^[A-Z][a-z]{2} \d{1,2}, 20\d\d, \d\d:\d\d$/);
    const cn = await read('zh-CN');
    expect(String(cn.worksheets.at(-1)!.getRow(2).getCell(detail.columnCount).value)).toMatch(
      /^20\d\d年\d+月\d+日 \d\d:\d\d$/,
    );
  });
});

describe('at most one reminder, by default', () => {
  it('reminds a non-respondent once, then never again', async () => {
    now = new Date(now.getTime() + 11 * 60_000);
    const first = await surveyTick(ctx);
    expect(first.reminded).toBeGreaterThan(0);
    now = new Date(now.getTime() + 11 * 60_000);
    expect((await surveyTick(ctx)).reminded).toBe(0);
    expect(await sentTo('张伟', /^survey_reminder$/)).toHaveLength(0); // finished: never reminded
  });
});

describe('when the survey closes', () => {
  it('sends the results to the CS supervisor and each zone manager once, and the console shows it', async () => {
    now = new Date(campaign.endAt.getTime() + 60_000);
    expect(await surveyTick(ctx)).toMatchObject({ closed: 1 });
    expect(await surveyTick(ctx)).toMatchObject({ closed: 0 }); // closed once
    const [supervisor] = await sentTo('客服主管周敏', /^survey_results$/);
    expect(supervisor).toContain('调查已结束');
    expect(supervisor).toMatch(/发放率 \d+(\.\d)?%（目标 100%）/);
    expect(supervisor).toMatch(/回收率 \d+(\.\d)?%（目标 80%）/);
    expect(supervisor).toContain('· 安防管理 100%（不满意 0）');
    expect(supervisor).toContain('绿化管理不满意 1 份');
    expect(supervisor).toContain('“停车位” 1 次');
    for (const zone of ['A区', 'B区', 'C区']) expect(supervisor).toContain(zone);

    const [managerA] = await sentTo('片区管理员A王芳', /^survey_results$/);
    expect(managerA).toContain('A区');
    expect(managerA).not.toContain('B区'); // their zones' figures only
    const [managerB] = await sentTo('片区管理员B李娜', /^survey_results$/);
    expect(managerB).toContain('共性意见：无');
    expect(await sentTo('维修工老张', /^survey_results$/)).toHaveLength(0);

    const c = (await SurveyCampaign.findById(campaign._id).lean<CampaignDoc>())!;
    const managers = await Person.countDocuments({
      roles: { $in: ['zone_manager', 'cs_supervisor'] },
      active: true,
    });
    expect(campaignView(c)).toMatchObject({ status: 'closed', resultsSentTo: managers });
    expect(c.resultsSentAt).toBeInstanceOf(Date);
    expect(await Zone.countDocuments()).toBeGreaterThan(1);
  });

  it('tells nobody of a campaign that never went out (its job was down until after the end)', async () => {
    const start = new Date(now.getTime() + 3600_000);
    const c = await new SurveyCampaigns(h.services.config, () => now).create(ADMIN_ACTOR, {
      period: '2026-H1',
      startAt: start.toISOString(),
      endAt: new Date(start.getTime() + 3600_000).toISOString(),
    });
    now = new Date(c.endAt.getTime() + 60_000);
    expect(await surveyTick(ctx)).toMatchObject({ closed: 1, issued: 0 });
    expect(await Outbox.countDocuments({ reason: 'survey_results', _id: new RegExp(c._id) })).toBe(0);
    expect(await SurveyCampaign.findById(c._id).lean()).toMatchObject({ status: 'closed', resultsSentTo: 0 });
  });
});
