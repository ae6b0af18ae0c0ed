import { jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { loadDemoData } from '../../src/demo/seed.js';
import { seedDemoConsoleUsers } from '../../src/demo/console-users.js';
import { startTestServer, type TestServer } from '../support/http.js';
import { launchBrowser, screenshot } from '../support/browser.js';

const PASSWORD = 'patrol-page-pass';
let server: TestServer;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

jest.setTimeout(60_000);

beforeAll(async () => {
  server = await startTestServer({ console: { demoPassword: PASSWORD, passwordRounds: 4 } });
  const { communityId } = await loadDemoData(server.services);
  await seedDemoConsoleUsers(server.services.auth, communityId, PASSWORD);
  browser = await launchBrowser();
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  page = await ctx.newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
  await page.goto(server.url + '/#/login');
  await page.fill('input[name=username]', 'pianqu-a');
  await page.fill('input[name=password]', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForSelector('#nav [data-nav]');
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('patrol and visit pages in Chromium', () => {
  it('shows the zone manager’s zone status and vacant units, and records an inspection', async () => {
    await page.goto(server.url + '/#/patrols');
    const status = page.locator('#patrol-status');
    await status.getByText('A区').waitFor();
    expect(await status.getByText('B区').count()).toBe(0);
    await status.getByText('未巡视').waitFor();
    const vacant = page.locator('#vacant-units');
    await vacant.getByText('2栋2单元1802').waitFor();
    await vacant.getByText('0 / 2').waitFor();
    await vacant.locator('button.inspect').first().click();
    await vacant.getByText('1 / 2').waitFor();
    await screenshot(page, 'patrols');
    expect(pageErrors).toEqual([]);
  });

  it('shows visit coverage for the zone with the month’s deadline', async () => {
    await page.goto(server.url + '/#/visits');
    const card = page.locator('#visit-coverage');
    await card.getByText('每月 28 日前完成').waitFor();
    await card.getByText('A区').waitFor();
    await card.getByText('0 / 9 (0%)').waitFor();
    await card.getByText('未达标').waitFor();
    await screenshot(page, 'visits');
    expect(pageErrors).toEqual([]);
  });
});
