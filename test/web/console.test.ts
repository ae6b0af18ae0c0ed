/// <reference lib="dom" />
import { availableParallelism, loadavg } from 'node:os';
import { gzipSync } from 'node:zlib';
import { jest } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { registerTicketReactions } from '../../src/app.js';
import { loadDemoData } from '../../src/demo/seed.js';
import { seedDemoConsoleUsers } from '../../src/demo/console-users.js';
import { DeskBot } from '../../bots/desk-bot.js';
import { Person, Ticket, Zone, ZoneInspection } from '../../src/data/models/index.js';
import { translator } from '../../src/i18n.js';
import { FAST_CHAT } from '../support/chat.js';
import { startTestServer, type TestServer } from '../support/http.js';
import { launchBrowser, screenshot } from '../support/browser.js';

const PASSWORD = 'console-test-pass';
/** The first screen's budget (issue 13): initial JavaScript gzipped, and time to a usable page. */
const JS_BUDGET_KB = 400;
const FIRST_SCREEN_MS = 1500;
let server: TestServer;
let desk: DeskBot;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];
/** The machine may be shared: the time budget is checked when it is not overloaded (and always printed). */
const idle = () => loadavg()[0]! <= availableParallelism();

jest.setTimeout(60_000);

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

async function newPage(opts: { width?: number; height?: number; mobile?: boolean } = {}) {
  const ctx = await browser.newContext({
    viewport: { width: opts.width ?? 1280, height: opts.height ?? 900 },
    isMobile: opts.mobile ?? false,
    locale: 'zh-CN',
  });
  const p = await ctx.newPage();
  p.on('pageerror', (err) => pageErrors.push(err.message));
  return { ctx, p };
}

async function login(p: Page, username: string) {
  await p.goto(server.url + '/#/login');
  await p.fill('input[name=username]', username);
  await p.fill('input[name=password]', PASSWORD);
  await p.click('button[type=submit]');
  await p.waitForSelector('#nav [data-nav]');
}

/** Picks an option of an Element Plus select (its dropdown lives at the end of the body). */
async function choose(p: Page, select: string, option: string) {
  await p.locator(`${select} .el-select__wrapper`).first().click();
  const item = p.locator('.el-select-dropdown__item:visible', { hasText: option }).first();
  await item.click();
}

const noOverflow = (p: Page) => p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

const actor = async (name: string) =>
  server.services.directory.actorForPerson(String((await Person.findOne({ name }).lean())!._id));

describe('web console in Chromium', () => {
  it('loads the sign-in page within budget, without navigation or logout', async () => {
    const { ctx, p } = await newPage();
    const bodies: Array<Promise<Buffer>> = [];
    p.on('response', (r) => {
      if (r.url().endsWith('.js')) bodies.push(r.body());
    });
    await p.goto(server.url + '/');
    await p.waitForSelector('input[name=username]');
    const ms = await p.evaluate(() => performance.now());
    const gz = (await Promise.all(bodies)).reduce((s, b) => s + gzipSync(b).length, 0);
    console.log(
      `console first screen (sign-in): ${Math.round(ms)} ms, initial JavaScript ${(gz / 1024).toFixed(1)} KB gzipped in ${bodies.length} files (load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores)`,
    );
    expect(gz / 1024).toBeLessThanOrEqual(JS_BUDGET_KB);
    if (idle()) expect(ms).toBeLessThanOrEqual(FIRST_SCREEN_MS);
    expect(await p.locator('#nav').count()).toBe(0);
    expect(await p.locator('#logout').count()).toBe(0);
    await screenshot(p, 'login');
    await ctx.close();
  });

  it('signs a customer-service supervisor in and shows the board in Chinese', async () => {
    await login(page, 'kefu');
    await page.waitForSelector('.column[data-column=new]');
    expect(await page.textContent('#nav')).toContain('工单看板');
    expect(await page.textContent('#who')).toContain('客服主管周敏');
    const cookies = await context.cookies();
    const sid = cookies.find((c) => c.name === 'wuye_sid');
    expect(sid).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    await screenshot(page, 'board-empty');
  });

  it('opens the board of a signed-in user within budget', async () => {
    const { ctx, p } = await newPage();
    await ctx.addCookies(await context.cookies());
    const bodies: Array<Promise<Buffer>> = [];
    p.on('response', (r) => {
      if (r.url().endsWith('.js')) bodies.push(r.body());
    });
    await p.goto(server.url + '/#/board');
    await p.waitForSelector('.column[data-column=done] .count:not(:empty)');
    const ms = await p.evaluate(() => performance.now());
    const gz = (await Promise.all(bodies)).reduce((s, b) => s + gzipSync(b).length, 0);
    console.log(
      `console first screen (board): ${Math.round(ms)} ms, JavaScript ${(gz / 1024).toFixed(1)} KB gzipped in ${bodies.length} files (load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores)`,
    );
    expect(gz / 1024).toBeLessThanOrEqual(JS_BUDGET_KB);
    if (idle()) expect(ms).toBeLessThanOrEqual(FIRST_SCREEN_MS);
    await ctx.close();
  });

  it('refuses a wrong password with a message and no session', async () => {
    const { ctx, p } = await newPage();
    await p.goto(server.url + '/');
    await p.fill('input[name=username]', 'kefu');
    await p.fill('input[name=password]', 'wrong-password');
    await p.click('button[type=submit]');
    await p.waitForFunction(() => document.querySelector('#login-error')?.textContent !== '');
    expect(await p.textContent('#login-error')).toBe('用户名或密码不正确');
    expect((await ctx.cookies()).find((c) => c.name === 'wuye_sid')).toBeUndefined();
    await ctx.close();
  });

  it('shows a ticket an owner reports in chat on the open board without a reload, with its unit', async () => {
    await page.goto(server.url + '/#/board');
    await page.waitForSelector('.column[data-column=new]');
    const r = await desk.simulate({
      from: '郭明',
      room: '阳光花园B区业主群',
      text: '4栋电梯坏了，困在里面 <script>window.__xss = 1</script>',
      mentionBot: true,
    });
    expect(r.outcome).not.toBe('error');
    const ticket = await Ticket.findOne({ description: /4栋电梯坏了/ }).lean();
    expect(ticket).toBeTruthy();
    const card = page.locator(`.column[data-column=new] a.ticket[data-number="${ticket!.number}"]`);
    await card.waitFor({ timeout: 10_000 });
    expect(await card.textContent()).toContain('<script>window.__xss = 1</script>');
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator('.column script').count()).toBe(0);
    // an in-unit order from an owner shows the unit; a public one its place; never "· ·"
    expect((await card.locator('.place').textContent())!.trim()).not.toBe('');
    expect(await card.textContent()).not.toContain('· ·');
    await screenshot(page, 'board-new-ticket');
  });

  it('assigns the ticket from a dialog, offering its department first; the timeline names people', async () => {
    const ticket = (await Ticket.findOne({ description: /4栋电梯坏了/ }).lean())!;
    await page.click(`a.ticket[data-number="${ticket.number}"]`);
    await page.waitForSelector('#ticket-description');
    expect(await page.textContent('#ticket-description')).toContain('<script>');
    await page.click('[data-open-action=dispatch]');
    const form = page.locator('form[data-action=dispatch]');
    await form.waitFor();
    await form.locator('.el-select__wrapper').first().click();
    // the staff list arrives after the ticket (it is ordered by the ticket's department)
    await page.locator('.el-select-dropdown__item:visible').first().waitFor();
    const items = await page.locator('.el-select-dropdown__item:visible').allTextContents();
    expect(items.length).toBeGreaterThan(1);
    if (ticket.department) {
      const dept = translator('zh-CN')(`department.${ticket.department}`);
      const ofDept = items.map((i) => i.includes(dept));
      expect(ofDept.indexOf(false) === -1 || ofDept.lastIndexOf(true) < ofDept.indexOf(false)).toBe(true);
    }
    await page.locator('.el-select-dropdown__item:visible', { hasText: '孙师傅' }).first().click();
    await screenshot(page, 'ticket-dispatch-dialog');
    await form.locator('button[type=submit]').click();
    await page.waitForFunction(
      () => !document.querySelector('form[data-action=dispatch]:not([style*="none"])'),
    );
    await page.waitForFunction(() => document.querySelector('.timeline')?.textContent?.includes('派工'));
    const after = (await Ticket.findById(ticket._id).lean())!;
    expect(after.state).toBe('dispatched');
    expect(after.assigneeName).toBe('维修工孙师傅');
    const timeline = (await page.textContent('.timeline'))!;
    expect(timeline).toContain('客服主管周敏');
    expect(timeline).not.toMatch(/\bsystem\b|\badmin\b/);
    expect(await page.textContent('#ticket-assignee')).toContain('孙师傅');
    await screenshot(page, 'ticket-dispatched');
  });

  it('shows the owners linked to an order as reporters of the same problem, and unlinks one', async () => {
    const ticket = (await Ticket.findOne({ description: /4栋电梯坏了/ }).lean())!;
    const r = await desk.simulate({
      from: '徐勇',
      room: '阳光花园B区业主群',
      text: '4栋的电梯又坏了',
      mentionBot: true,
    });
    expect(r.replies.map((x) => x.text).join('\n')).toContain(ticket.number);
    await page.goto(`${server.url}/#/ticket/${ticket.number}`);
    await page.reload(); // the same address as the page already open: load it again
    await page.waitForFunction(() =>
      document.querySelector('.linked-reporters')?.textContent?.includes('徐勇'),
    );
    await page.click('[data-open-action=unlink_reporter]');
    const form = page.locator('form[data-action=unlink_reporter]');
    await form.waitFor();
    await choose(page, 'form[data-action=unlink_reporter] [data-field=personId]', '徐勇');
    await screenshot(page, 'ticket-unlink-dialog');
    await form.locator('button[type=submit]').click();
    await page.waitForFunction(() => document.querySelector('.timeline')?.textContent?.includes('取消关联'));
    expect((await Ticket.findById(ticket._id).lean())!.linked).toEqual([]);
  });

  it('lets an admin complete an order with fees and materials, then shows them', async () => {
    const ticket = (await Ticket.findOne({ description: /4栋电梯坏了/ }).lean())!;
    const worker = await actor('维修工孙师傅');
    await server.services.tickets.accept(worker, ticket.number);
    await server.services.tickets.arrive(worker, ticket.number);
    const { ctx, p } = await newPage();
    await login(p, 'admin');
    await p.goto(`${server.url}/#/ticket/${ticket.number}`);
    await p.click('[data-open-action=complete]');
    const form = p.locator('form[data-action=complete]');
    await form.waitFor();
    await form.locator('.add-fee').click();
    await form.locator('input[name="fees.0.item"]').fill('更换电梯按钮');
    await form.locator('.fees-editor .el-input-number input').first().fill('120');
    await form.locator('.add-material').click();
    await form.locator('input[name="materials.0.name"]').fill('按钮面板');
    await screenshot(p, 'ticket-complete-dialog');
    await form.locator('button[type=submit]').click();
    await p.waitForFunction(
      () =>
        document.querySelector('.fees')?.textContent?.includes('更换电梯按钮') ||
        document.querySelector('form[data-action=complete] .error')?.textContent,
    );
    const refused = await p.evaluate(
      () => document.querySelector('form[data-action=complete] .error')?.textContent ?? '',
    );
    expect(refused).toBe('');
    const after = (await Ticket.findById(ticket._id).lean())!;
    expect(after.state).toBe('completed');
    expect(after.fees).toEqual([{ item: '更换电梯按钮', amount: 120 }]);
    expect(after.materials).toEqual([
      expect.objectContaining({ name: '按钮面板', quantity: 1, ownerSupplied: false }),
    ]);
    expect(await p.textContent('.materials')).toContain('按钮面板');
    expect(await p.textContent('.timeline')).toContain('管理员');
    await screenshot(p, 'ticket-completed');
    await ctx.close();
  });

  it('lists tickets with filters and exports the ledger with the same filters', async () => {
    await page.goto(server.url + '/#/tickets');
    await page.waitForSelector('.tickets [data-number]');
    await page.fill('input[name=q]', '电梯');
    await page.click('.search-form button[type=submit]');
    await page.waitForFunction(() => document.querySelectorAll('.tickets tbody tr').length === 1);
    const href = await page.getAttribute('a[data-export=csv]', 'href');
    expect(href).toContain('q=%E7%94%B5%E6%A2%AF');
    const res = await page.request.get(server.url + href!);
    expect(res.status()).toBe(200);
    const lines = (await res.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(lines[0]).toMatch(/^单号,类型,类别,房屋\/位置,报事人,电话/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('更换电梯按钮 120');
    await screenshot(page, 'ticket-list');
  });

  it('registers a walk-in at the front desk with an appointment window', async () => {
    const { ctx, p } = await newPage();
    await login(p, 'qiantai');
    await p.click('[data-nav=create]');
    await p.waitForSelector('form[data-form=create-ticket]');
    await choose(p, 'form[data-form=create-ticket] .el-form-item:nth-child(3)', '1');
    await p.fill('input[name=reporterName]', '来访业主');
    await p.fill('input[name=phone]', '13800138000');
    await p.fill('textarea[name=description]', '卫生间地漏反味');
    await screenshot(p, 'ticket-create');
    await p.click('form[data-form=create-ticket] button[type=submit]');
    await p.waitForSelector('#ticket-description');
    const tk = (await Ticket.findOne({ description: '卫生间地漏反味' }).lean())!;
    expect(tk).toMatchObject({ kind: 'repair', reporterName: '来访业主', phone: '13800138000' });
    expect(tk.unitId).toBeTruthy();
    expect((await p.textContent('#ticket-place'))!.trim()).toMatch(/栋.*单元/);
    await ctx.close();
  });

  it('shows an open-ended appointment (“两点以后在家”) as “以后”, as the owner and worker read it', async () => {
    const owner = await actor('张伟');
    const from = new Date(Date.now() + 86_400_000);
    from.setUTCHours(6, 0, 0, 0); // 14:00 in Asia/Shanghai
    const t = await server.services.tickets.create(owner, {
      kind: 'repair',
      unitId: owner.unitIds[0],
      description: '阳台地漏堵了',
      appointment: { from },
    });
    const { ctx, p } = await newPage();
    await login(p, 'qiantai');
    await p.goto(`${server.url}/#/ticket/${t.number}`);
    await p.waitForSelector('#ticket-appointment');
    expect((await p.textContent('#ticket-appointment'))!.trim()).toMatch(/\d{1,2}:\d{2}(:\d{2})?以后$/);
    await ctx.close();
  });

  it('edits one person of the directory', async () => {
    await page.goto(server.url + '/#/directory');
    await page.waitForSelector('[data-kind=people] tbody tr');
    await page.fill('.search-form input[name=q]', '郭明');
    await page.click('.search-form button[type=submit]');
    await page.waitForFunction(() => document.querySelectorAll('[data-kind=people] tbody tr').length === 1);
    await page.click('[data-edit-row]');
    const form = page.locator('form[data-edit=people]');
    await form.waitFor();
    await form.locator('input[name=phone]').fill('13900001111');
    await screenshot(page, 'directory-edit');
    await form.locator('button[type=submit]').click();
    await page.waitForFunction(() =>
      document.querySelector('[data-kind=people] tbody')?.textContent?.includes('1111'),
    );
    expect((await Person.findOne({ name: '郭明' }).lean())!.phone).toBe('13900001111');
    await screenshot(page, 'directory');
  });

  it('flags zones without an inspection score and records one', async () => {
    await ZoneInspection.deleteMany({});
    await page.goto(server.url + '/#/ranking');
    await page.waitForSelector('#ranking tbody tr');
    expect(await page.textContent('#ranking-missing')).toContain('缺少公共区域检查分');
    expect(await page.locator('#ranking .missing').count()).toBeGreaterThan(0);
    const zone = (await Zone.findOne({ code: 'A' }).lean())!;
    const input = page.locator(`[data-zone="${zone.name}"] input`);
    await input.fill('88');
    await page.click(`[data-save-zone="${zone.name}"]`);
    await page.waitForFunction(
      (name) => !document.querySelector(`#ranking-missing`)?.textContent?.includes(name),
      zone.name,
    );
    expect((await ZoneInspection.findOne({ zoneId: zone._id }).lean())!.score).toBe(88);
    await screenshot(page, 'ranking');
  });

  it('renders the KPI cards and charts with ECharts', async () => {
    await page.goto(server.url + '/#/dashboard');
    await page.waitForSelector('#chart-trend canvas');
    await page.waitForSelector('#chart-open canvas');
    const drawn = await page.$eval('#chart-open canvas', (c) => (c as HTMLCanvasElement).width > 0);
    expect(drawn).toBe(true);
    expect(await page.textContent('#kpi-cards')).toContain('目标 98%');
    expect(await page.textContent('#kpis')).toContain('满意率');
    await screenshot(page, 'dashboard');
  });

  it('switches to English and back', async () => {
    await choose(page, '#lang', 'English');
    await page.waitForFunction(() => document.querySelector('#nav')?.textContent?.includes('Board'));
    await choose(page, '#lang', '简体中文');
    await page.waitForFunction(() => document.querySelector('#nav')?.textContent?.includes('工单看板'));
  });

  it('keeps the page the user opened last when an earlier, slower one answers after it', async () => {
    await page.goto(server.url + '/#/board');
    await page.waitForSelector('.column');
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
    await choose(page, '#sim-from', '郭明');
    await choose(page, '#sim-room', '阳光花园B区业主群');
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

  it('gives the admin console users, API tokens and settings; hides them from others', async () => {
    expect(await page.locator('#nav [data-nav=users]').count()).toBe(0);
    expect(await page.locator('#nav [data-nav=settings]').count()).toBe(0);
    const { ctx, p } = await newPage();
    await login(p, 'admin');
    await p.click('[data-nav=users]');
    await p.waitForSelector('.users tbody tr');
    expect(await p.textContent('.users')).toContain('kefu');
    await screenshot(p, 'users');
    await p.click('[data-nav=tokens]');
    await p.fill('form[data-form=token] input[name=name]', 'nightly export');
    await p.click('form[data-form=token] button[type=submit]');
    await p.waitForSelector('#token-secret');
    expect(await p.textContent('#token-secret')).toMatch(/^wyt/);
    await screenshot(p, 'tokens');
    await p.click('[data-nav=settings]');
    await p.waitForSelector('.settings .el-descriptions');
    expect(await p.textContent('.settings')).toContain('timezone');
    await screenshot(p, 'settings');
    await ctx.close();
  });

  it('fits a phone-sized screen', async () => {
    const { ctx, p } = await newPage({ width: 390, height: 844, mobile: true });
    await ctx.addCookies(await context.cookies());
    const number = (await Ticket.findOne({ description: /4栋电梯坏了/ }).lean())!.number;
    for (const [name, path, ready] of [
      ['board-phone', '/#/board', '.column'],
      ['tickets-phone', '/#/tickets', '.tickets tbody tr'],
      ['ticket-phone', `/#/ticket/${number}`, '#ticket-description'],
    ] as const) {
      await p.goto(server.url + path);
      await p.waitForSelector(ready);
      expect(await noOverflow(p)).toBeLessThanOrEqual(1);
      await screenshot(p, name);
    }
    await ctx.close();
  });

  it('raised no script errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
