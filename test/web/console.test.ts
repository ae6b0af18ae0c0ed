/// <reference lib="dom" />
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { registerTicketReactions } from '../../src/app.js';
import { loadDemoData } from '../../src/demo/seed.js';
import { seedDemoConsoleUsers } from '../../src/demo/console-users.js';
import { DeskBot } from '../../bots/desk-bot.js';
import { Ticket } from '../../src/data/models/index.js';
import { FAST_CHAT } from '../support/chat.js';
import { startTestServer, type TestServer } from '../support/http.js';
import { launchBrowser, screenshot } from '../support/browser.js';

const PASSWORD = 'console-test-pass';
let server: TestServer;
let desk: DeskBot;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  // manual dispatch, so a new repair waits on the board for someone to assign it
  server = await startTestServer({
    ...FAST_CHAT,
    dispatch: { mode: 'manual' },
    console: { demoPassword: PASSWORD, passwordRounds: 4 },
  });
  const { communityId } = await loadDemoData(server.services);
  await seedDemoConsoleUsers(server.services.auth, communityId, PASSWORD);
  registerTicketReactions(server.services);
  desk = new DeskBot(server.services);
  await desk.start();
  server.services.chat = desk;
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await desk?.stop();
  await server?.close();
});

async function login(p: Page, username: string) {
  await p.goto(server.url + '/');
  await p.fill('input[name=username]', username);
  await p.fill('input[name=password]', PASSWORD);
  await p.click('button[type=submit]');
  await p.waitForSelector('#nav a');
}

describe('web console in Chromium', () => {
  it('signs a customer-service supervisor in and shows the board in Chinese', async () => {
    await login(page, 'kefu');
    await page.waitForSelector('section.column[data-column=new]');
    expect(await page.textContent('#nav')).toContain('工单看板');
    expect(await page.textContent('#who')).toContain('客服主管周敏');
    const cookies = await context.cookies();
    const sid = cookies.find((c) => c.name === 'wuye_sid');
    expect(sid).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    await screenshot(page, 'board-empty');
  });

  it('refuses a wrong password with a message and no session', async () => {
    const other = await context.browser()!.newContext();
    const p = await other.newPage();
    await p.goto(server.url + '/');
    await p.fill('input[name=username]', 'kefu');
    await p.fill('input[name=password]', 'wrong-password');
    await p.click('button[type=submit]');
    await p.waitForFunction(() => document.querySelector('#login-error')?.textContent !== '');
    expect(await p.textContent('#login-error')).toBe('用户名或密码不正确');
    expect((await other.cookies()).find((c) => c.name === 'wuye_sid')).toBeUndefined();
    await other.close();
  });

  it('shows a ticket an owner reports in chat on the open board without a reload', async () => {
    await page.goto(server.url + '/#/board');
    await page.waitForSelector('section.column[data-column=new]');
    const r = await desk.simulate({
      from: '郭明',
      room: '阳光花园B区业主群',
      text: '4栋电梯坏了，困在里面 <script>window.__xss = 1</script>',
      mentionBot: true,
    });
    expect(r.outcome).not.toBe('error');
    const ticket = await Ticket.findOne({ description: /4栋电梯坏了/ }).lean();
    expect(ticket).toBeTruthy();
    const card = page.locator(`section.column[data-column=new] a.ticket[data-number="${ticket!.number}"]`);
    await card.waitFor({ timeout: 10_000 });
    expect(await card.textContent()).toContain('<script>window.__xss = 1</script>');
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator('section.column script').count()).toBe(0);
    await screenshot(page, 'board-new-ticket');
  });

  it('assigns the ticket to a worker from its detail page', async () => {
    const ticket = (await Ticket.findOne({ description: /4栋电梯坏了/ }).lean())!;
    await page.click(`a.ticket[data-number="${ticket.number}"]`);
    const form = page.locator('form[data-action=dispatch]');
    await form.waitFor();
    expect(await page.textContent('#ticket-description')).toContain('<script>');
    const worker = await page.$eval(
      'form[data-action=dispatch] select[name=assigneeId]',
      (s) => Array.from((s as HTMLSelectElement).options).find((o) => o.text.includes('孙师傅'))?.value,
    );
    await form.locator('select[name=assigneeId]').selectOption(worker!);
    await form.locator('button[type=submit]').click();
    await page.waitForFunction(() => !document.querySelector('form[data-action=dispatch]'));
    const after = (await Ticket.findById(ticket._id).lean())!;
    expect(after.state).toBe('dispatched');
    expect(after.assigneeName).toBe('维修工孙师傅');
    expect(await page.textContent('.timeline')).toContain('派工');
    await screenshot(page, 'ticket-dispatched');
  });

  it('renders the KPI charts with ECharts', async () => {
    await page.goto(server.url + '/#/dashboard');
    await page.waitForSelector('#chart-trend canvas');
    await page.waitForSelector('#chart-open canvas');
    const drawn = await page.$eval('#chart-open canvas', (c) => (c as HTMLCanvasElement).width > 0);
    expect(drawn).toBe(true);
    expect(await page.textContent('#kpis')).toContain('满意率');
    await screenshot(page, 'dashboard');
  });

  it('switches to English and back', async () => {
    await page.selectOption('#lang', 'en');
    await page.waitForFunction(() => document.querySelector('#nav')?.textContent?.includes('Board'));
    await page.selectOption('#lang', 'zh-CN');
    await page.waitForFunction(() => document.querySelector('#nav')?.textContent?.includes('工单看板'));
  });

  it('keeps the page the user opened last when an earlier, slower one answers after it', async () => {
    const dashboardAnswered = page.waitForResponse((r) => r.url().includes('/api/v1/reports/open-by-zone'));
    await page.evaluate(() => {
      location.hash = '#/dashboard';
      setTimeout(() => (location.hash = '#/simulator'), 0);
    });
    await dashboardAnswered;
    await page.waitForSelector('#sim-from');
    await page.waitForTimeout(500); // the dashboard's other reports arrive meanwhile
    expect(await page.locator('#sim-from').count()).toBe(1);
    expect(await page.locator('#chart-trend').count()).toBe(0);
  });

  it('chats in the simulator and shows what staff receive', async () => {
    await page.goto(server.url + '/#/simulator');
    await page.waitForSelector('#sim-from');
    await page.selectOption('#sim-from', '郭明');
    await page.selectOption('#sim-room', '阳光花园B区业主群');
    await page.fill('.phone input[name=text]', '4栋楼道灯不亮了');
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/simulator/messages'));
    await page.click('.phone button[type=submit]');
    const res = await answered;
    expect(res.status()).toBe(200);
    const body = (await res.json()) as { replies: Array<{ room: string | null; text: string }> };
    expect(body.replies.some((r) => r.room === '阳光花园B区业主群')).toBe(true);
    await page.waitForFunction(
      () => document.querySelectorAll('#sim-messages .bubble-row.bot').length > 0,
      undefined,
      { timeout: 15_000 },
    );
    expect(await page.textContent('#sim-messages')).toContain('4栋楼道灯不亮了');
    await screenshot(page, 'simulator');
  });

  it('fits a phone-sized screen', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    await phone.addCookies(await context.cookies());
    const p = await phone.newPage();
    await p.goto(server.url + '/#/board');
    await p.waitForSelector('section.column');
    const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await screenshot(p, 'board-phone');
    await phone.close();
  });

  it('raised no script errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
