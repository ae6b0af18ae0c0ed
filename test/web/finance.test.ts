/// <reference lib="dom" />
import { jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { seedDemoConsoleUsers } from '../../src/demo/console-users.js';
import { loadDemoData } from '../../src/demo/seed.js';
import { launchBrowser, screenshot } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/http.js';

const PASSWORD = 'console-test-pass';
let server: TestServer;
let browser: Browser;
const pageErrors: string[] = [];
/** Every API path the page asked for, in order. */
const requested: string[] = [];

jest.setTimeout(60_000);

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

async function signedIn(username: string): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  const p = await ctx.newPage();
  p.on('pageerror', (err) => pageErrors.push(err.message));
  p.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith('/api/')) requested.push(url.pathname);
  });
  await p.goto(server.url + '/#/login');
  await p.fill('input[name=username]', username);
  await p.fill('input[name=password]', PASSWORD);
  await p.click('button[type=submit]');
  await p.waitForSelector('#nav [data-nav]');
  return p;
}

const navEntries = (p: Page) =>
  p.locator('#nav [data-nav]').evaluateAll((els) => els.map((e) => e.getAttribute('data-nav')));

describe('finance console in Chromium', () => {
  it('lands on the fees page with a finance-only menu and no ticket stream', async () => {
    const p = await signedIn('caiwu');
    await p.waitForSelector('#fee-rates [data-kind=monthly]');
    expect(new URL(p.url()).hash).toBe('#/fees');
    expect(await navEntries(p)).toEqual(['fees', 'tokens']);
    const nav = (await p.textContent('#nav')) ?? '';
    for (const ticketMenu of ['工单看板', '工单列表', '新建工单']) expect(nav).not.toContain(ticketMenu);
    expect(await p.textContent('#who')).toContain('财务');
    // finance imports the CSV and filters by zone
    await p.waitForSelector('#fee-import');
    expect(requested).toContain('/api/v1/zones');
    expect(requested).toContain('/api/v1/fees/arrears');
    expect(requested).not.toContain('/api/v1/events');
    expect(requested.filter((r) => r.startsWith('/api/v1/tickets'))).toEqual([]);
    await screenshot(p, 'finance-fees');

    // a ticket page is not shown: back to the fees page
    await p.goto(server.url + '/#/board');
    await p.waitForFunction(() => location.hash === '#/fees');
    await p.goto(server.url + '/#/tickets');
    await p.waitForFunction(() => location.hash === '#/fees');
    expect(requested).not.toContain('/api/v1/events');

    // and the API refuses the ticket routes to the session
    const status = await p.evaluate(async () => (await fetch('/api/v1/tickets')).status);
    expect(status).toBe(403);
    const events = await p.evaluate(async () => (await fetch('/api/v1/events')).status);
    expect(events).toBe(403);
    expect(pageErrors).toEqual([]);
    await p.context().close();
  });

  it('still lands the front desk on the board', async () => {
    const p = await signedIn('qiantai');
    await p.waitForFunction(() => location.hash === '#/board');
    expect(await navEntries(p)).toEqual(expect.arrayContaining(['board', 'tickets', 'fees', 'tokens']));
    await p.context().close();
  });
});
