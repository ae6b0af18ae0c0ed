/// <reference lib="dom" />
import { jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { Announcement } from '../../src/announcements/model.js';
import { seedDemoConsoleUsers } from '../../src/demo/console-users.js';
import { loadDemoData } from '../../src/demo/seed.js';
import { FeeRecord } from '../../src/fees/model.js';
import { Outbox } from '../../src/notify/outbox.js';
import { launchBrowser, screenshot } from '../support/browser.js';
import { FAST_CHAT } from '../support/chat.js';
import { startTestServer, type TestServer } from '../support/http.js';

const PASSWORD = 'console-test-pass';
let server: TestServer;
let browser: Browser;
const pageErrors: string[] = [];

jest.setTimeout(60_000);

beforeAll(async () => {
  server = await startTestServer({ ...FAST_CHAT, console: { demoPassword: PASSWORD, passwordRounds: 4 } });
  const { communityId } = await loadDemoData(server.services);
  await seedDemoConsoleUsers(server.services.auth, communityId, PASSWORD);
  browser = await launchBrowser();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function signedIn(username: string): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  const p = await ctx.newPage();
  p.on('pageerror', (err) => pageErrors.push(err.message));
  await p.goto(server.url + '/#/login');
  await p.fill('input[name=username]', username);
  await p.fill('input[name=password]', PASSWORD);
  await p.click('button[type=submit]');
  await p.waitForSelector('#nav [data-nav]');
  return p;
}

async function choose(p: Page, select: string, option: string) {
  await p.locator(`${select} .el-select__wrapper`).first().click();
  await p.locator('.el-select-dropdown__item:visible', { hasText: option }).first().click();
}

const pad = (n: number) => String(n).padStart(2, '0');
/** "YYYY-MM-DD HH:mm" in the browser's (the machine's) time zone, days ahead. */
const ahead = (days: number, hour: number) => {
  const d = new Date(Date.now() + days * 86400_000);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(hour)}:00`;
};

describe('notices page in Chromium', () => {
  it('lets the front desk write a notice in the dialog, publish it and see it sent', async () => {
    const p = await signedIn('qiantai');
    expect(await p.textContent('#nav')).toContain('通知公告');
    await p.click('#nav [data-nav=announcements]');
    await p.waitForSelector('#notice-new');
    await p.click('#notice-new');
    await p.waitForSelector('.notice-dialog input[name=title]');
    // an incomplete form is refused with the server's words, and the dialog stays open
    await p.click('#notice-save');
    await p.waitForSelector('#notice-error');
    expect(await p.textContent('#notice-error')).toContain('输入有误');
    await choose(p, '.notice-dialog .notice-type', '停水');
    await p.fill('.notice-dialog input[name=title]', '3栋水箱清洗停水');
    await p.fill('.notice-dialog textarea[name=body]', '请提前储水，给您带来不便敬请谅解。');
    await choose(p, '.notice-dialog .notice-scope', '指定楼栋');
    await p.fill('.notice-dialog input[name=buildings]', '3');
    const range = p.locator('.notice-dialog .el-range-input');
    await range.nth(0).fill(ahead(2, 9));
    await range.nth(1).fill(ahead(2, 12));
    await range.nth(1).press('Enter');
    await p.click('.notice-dialog .el-dialog__title'); // closes the picker
    await p.click('#notice-save');
    await p.waitForSelector('#notices .notice-state', { state: 'visible' });
    await p.waitForFunction(() =>
      document.querySelector('#notices')?.textContent?.includes('3栋水箱清洗停水'),
    );
    expect(await p.textContent('#notices')).toContain('草稿');
    const saved = await Announcement.findOne({ title: '3栋水箱清洗停水' }).lean();
    expect(saved).toMatchObject({ type: 'water_outage', scope: 'buildings', buildings: ['3'] });
    expect(saved!.endsAt.getTime() - saved!.startsAt.getTime()).toBe(3 * 3600_000);
    await screenshot(p, 'notices-draft');

    await p.click('#notices .op-publish');
    await p.click('.el-message-box .el-button--primary');
    await p.waitForFunction(() => document.querySelector('#notices')?.textContent?.includes('已发布'));
    expect(await p.textContent('#notices')).toMatch(/群 1 \/ 业主 \d+/);
    expect(await Outbox.countDocuments({ reason: 'announcement_publish' })).toBeGreaterThan(1);
    await screenshot(p, 'notices-published');

    await p.click('#notices .op-cancel');
    await p.click('.el-message-box .el-button--primary');
    await p.waitForFunction(() => document.querySelector('#notices')?.textContent?.includes('已撤销'));
    await p.context().close();
  });

  it('shows the director the notices without the write buttons', async () => {
    const p = await signedIn('zhuren');
    await p.click('#nav [data-nav=announcements]');
    await p.waitForFunction(() =>
      document.querySelector('#notices')?.textContent?.includes('3栋水箱清洗停水'),
    );
    expect(await p.locator('#notice-new').count()).toBe(0);
    expect(await p.locator('#notices .op-publish').count()).toBe(0);
    await p.context().close();
  });
});

describe('fees page in Chromium', () => {
  it('imports the finance CSV and lists the arrears with the collection rates', async () => {
    const p = await signedIn('qiantai');
    await p.click('#nav [data-nav=fees]');
    await p.waitForSelector('#fee-import');
    const month = new Date().toISOString().slice(0, 7);
    const csv = `unit,period,amountDue,paid\n1栋1单元101,${month},300,0\n3栋1单元101,${month},300,300\n9栋1单元101,${month},1,0\n`;
    await p.setInputFiles('#fee-file', { name: 'fees.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await p.click('#fee-import');
    await p.waitForSelector('#fee-import-result');
    expect(await p.textContent('#fee-import-result')).toMatch(/新增 2，更新 0，错误 1[\s\S]*第 4 行/);
    await p.waitForFunction(() => document.querySelector('#arrears')?.textContent?.includes('1栋1单元101'));
    expect(await p.textContent('#arrears-total')).toContain('欠费合计 ¥300.00');
    await p.waitForFunction(() =>
      document.querySelector('#fee-rates [data-kind=monthly]')?.textContent?.includes('50'),
    );
    expect(await FeeRecord.countDocuments()).toBe(2);
    await screenshot(p, 'fees');
    await p.context().close();
  });

  it("shows a zone manager their zones' arrears only, and the fee KPI on the dashboard", async () => {
    await server.request('/api/v1/fees/import', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: `unit,period,amountDue,paid\n4栋1单元101,${new Date().toISOString().slice(0, 7)},200,0`,
    });
    const p = await signedIn('pianqu-a');
    await p.setViewportSize({ width: 390, height: 844 });
    await p.goto(server.url + '/#/fees');
    await p.waitForFunction(() => document.querySelector('#arrears')?.textContent?.includes('1栋1单元101'));
    expect(await p.textContent('#arrears')).not.toContain('4栋1单元101');
    expect(await p.locator('#fee-import').count()).toBe(0);
    await p.goto(server.url + '/#/dashboard');
    await p.waitForSelector('#kpi-fees');
    expect(await p.textContent('#kpi-fees')).toContain('物业费收缴率');
    await screenshot(p, 'dashboard-fees-phone');
    await p.context().close();
    expect(pageErrors).toEqual([]);
  });
});
