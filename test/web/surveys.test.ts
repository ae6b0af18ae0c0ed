/// <reference lib="dom" />
import { jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { createCalendar } from '../../src/app.js';
import { loadDemoData } from '../../src/demo/seed.js';
import { seedDemoConsoleUsers } from '../../src/demo/console-users.js';
import { OutboxNotifier } from '../../src/notify/outbox.js';
import { SURVEY_AREAS } from '../../src/surveys/areas.js';
import { SurveyCampaign, SurveyResponse } from '../../src/surveys/models.js';
import { surveyTick } from '../../src/surveys/questionnaire.js';
import { silentLog } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/http.js';
import { launchBrowser, screenshot } from '../support/browser.js';

const PASSWORD = 'console-test-pass';
let server: TestServer;
let browser: Browser;
const pageErrors: string[] = [];

jest.setTimeout(90_000);

beforeAll(async () => {
  server = await startTestServer({ console: { demoPassword: PASSWORD, passwordRounds: 4 } });
  const { communityId } = await loadDemoData(server.services);
  await seedDemoConsoleUsers(server.services.auth, communityId, PASSWORD);
  browser = await launchBrowser();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(username: string, width = 1280): Promise<Page> {
  const ctx = await browser.newContext({
    viewport: { width, height: 900 },
    locale: 'zh-CN',
    isMobile: width < 500,
  });
  const p = await ctx.newPage();
  p.on('pageerror', (err) => pageErrors.push(err.message));
  await p.goto(server.url + '/#/login');
  await p.fill('input[name=username]', username);
  await p.fill('input[name=password]', PASSWORD);
  await p.click('button[type=submit]');
  await p.waitForFunction(() => !location.hash.includes('login')); // the menu is a drawer on a phone
  return p;
}

/** The survey job's run, as the scheduler would do it (at `now`). */
async function tick(now = new Date()) {
  const { config } = server.services;
  return surveyTick({
    config,
    calendar: createCalendar(config),
    log: silentLog,
    tickets: server.services.tickets,
    notifier: new OutboxNotifier({ quietStart: 0, quietEnd: 1, timezone: config.timezone }, silentLog),
    now: () => now,
  });
}

/** The survey issued, with replies from a few owners. */
async function issueAndAnswer(): Promise<void> {
  const now = new Date();
  await tick(now);
  const rows = await SurveyResponse.find({}).limit(3).lean();
  const choices = ['satisfied', 'unsatisfied', 'basic'];
  for (const [i, r] of rows.entries())
    await SurveyResponse.updateOne(
      { _id: r._id },
      {
        $set: {
          answers: SURVEY_AREAS.map((area) => ({ area, choice: choices[i] })),
          completedAt: now,
          step: 11,
          comment: i === 1 ? '电梯经常坏' : '电梯太旧了',
        },
      },
    );
}

describe('the survey page', () => {
  it('creates a campaign and shows its results with charts and common complaints', async () => {
    const p = await open('kefu');
    await p.waitForSelector('#nav [data-nav]');
    await p.click('#nav [data-nav=surveys]');
    await p.waitForSelector('.el-empty');
    await p.click('#survey-create');
    await p.fill('#survey-title', '2026年下半年业主满意度调查（测试）');
    await p.click('#survey-save');
    await p.waitForSelector('#survey-cards');
    expect(await SurveyCampaign.countDocuments({})).toBe(1);

    await issueAndAnswer();
    await p.reload();
    await p.waitForSelector('#chart-areas canvas');
    await p.waitForSelector('#chart-zones canvas');
    await p.waitForFunction(() => document.querySelector('#survey-themes')?.textContent?.includes('电梯'));
    const counts = await p.textContent('#survey-counts');
    expect(counts).toMatch(/已回收 3/);
    const areas = await p.textContent('#survey-areas');
    expect(areas).toContain('安防管理');
    expect(areas).toContain('66.7%');
    const href = await p.getAttribute('#survey-export', 'href');
    expect(href).toContain('lang=zh-CN'); // a plain link names the console's language
    const file = await p.request.get(server.url + href!);
    expect(file.status()).toBe(200);
    expect(file.headers()['content-type']).toContain('spreadsheetml');
    await screenshot(p, 'surveys');
    await p.context().close();
  });

  it('shows a zone manager their zone without the create button, on a 390 px phone too', async () => {
    const p = await open('pianqu-a', 390);
    await p.goto(server.url + '/#/surveys');
    await p.waitForSelector('#survey-cards');
    expect(await p.locator('#survey-create').count()).toBe(0);
    await p.waitForSelector('#chart-zones canvas');
    const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(p, 'surveys-phone');
    await p.context().close();
    expect(pageErrors).toEqual([]);
  });

  it('says when the closed survey’s results were sent in chat, and to how many', async () => {
    const c = (await SurveyCampaign.findOne({}).lean())!;
    expect(await tick(new Date(c.endAt.getTime() + 60_000))).toMatchObject({ closed: 1 });
    const p = await open('kefu');
    await p.goto(server.url + '/#/surveys');
    await p.waitForSelector('#survey-results-sent');
    expect(await p.textContent('#survey-results-sent')).toMatch(
      /结果已在微信通报给 \d+ 位片区管理员和客服主管/,
    );
    await p.context().close();
    expect(pageErrors).toEqual([]);
  });
});
