/// <reference lib="dom" />
import { jest } from '@jest/globals';
import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import { Person, Unit } from '../../src/data/models/index.js';
import { loadDemoData } from '../../src/demo/seed.js';
import { seedDemoConsoleUsers } from '../../src/demo/console-users.js';
import { ADMIN_ACTOR } from '../../src/domain/actor.js';
import { Renovation } from '../../src/renovation/model.js';
import { startTestServer, type TestServer } from '../support/http.js';
import { launchBrowser, screenshot } from '../support/browser.js';

const PASSWORD = 'console-test-pass';
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
let server: TestServer;
let browser: Browser;
let page: Page;
let id = '';
const pageErrors: string[] = [];

jest.setTimeout(60_000);

beforeAll(async () => {
  server = await startTestServer({ console: { demoPassword: PASSWORD, passwordRounds: 4 } });
  const { communityId } = await loadDemoData(server.services);
  await seedDemoConsoleUsers(server.services.auth, communityId, PASSWORD);
  const owner = (await Person.findOne({ name: '张伟' }).lean())!;
  const unit = (await Unit.findById(owner.units[0]!.unitId).lean())!;
  const day = (n: number) => DateTime.now().setZone('Asia/Shanghai').plus({ days: n }).toISODate()!;
  const doc = await server.services.renovations.apply(
    ADMIN_ACTOR,
    {
      unitId: String(unit._id),
      applicantId: String(owner._id),
      company: '美家装饰',
      scope: '厨卫翻新',
      startDate: day(10),
      endDate: day(40),
    },
    'desk',
  );
  id = doc._id;
  browser = await launchBrowser();
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  page = await ctx.newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const stateOf = async () => (await Renovation.findById(id).lean())!.state;

/** Opens a dialog by its button, fills the note, optionally picks a select option, submits. */
async function act(action: string, note?: string, option?: string) {
  await page.click(`.renovation-detail [data-action=${action}]`);
  const dialog = page.locator('.reno-dialog:visible');
  await dialog.waitFor();
  if (option) {
    await dialog.locator('.el-select__wrapper').first().click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: option }).first().click();
  }
  if (note !== undefined) await dialog.locator('textarea[name=note]').fill(note);
  await dialog.locator('[data-action=submit]').click();
}

describe('renovation console page', () => {
  it('lists and searches applications, and walks one from review to a violation', async () => {
    await page.goto(server.url + '/#/login');
    await page.fill('input[name=username]', 'kefu');
    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForSelector('#nav [data-nav=renovations]');
    await page.click('#nav [data-nav=renovations]');
    await page.waitForSelector(`.renovations [data-renovation="${id}"]`);
    await page.fill('.renovation-search input[name=q]', '不存在的公司');
    await page.click('.renovation-search button[type=submit]');
    await page.waitForSelector(`.renovations [data-renovation="${id}"]`, { state: 'detached' });
    await page.fill('.renovation-search input[name=q]', '美家');
    await page.click('.renovation-search button[type=submit]');
    await page.click(`.renovations [data-renovation="${id}"]`);
    await page.waitForSelector('.renovation-detail[data-state=submitted]');

    // a drawing uploaded to the application shows as a thumbnail; a file that is no image is refused here
    await page.setInputFiles('.renovation-detail [data-upload=application]', {
      name: '平面图.png',
      mimeType: 'image/png',
      buffer: PNG,
    });
    await page.waitForSelector('.renovation-detail [data-field=photos] img.reno-photo');
    // the thumbnail is served back (a 1×1 PNG), however long the loaded machine takes
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('[data-field=photos] img');
      return Boolean(img?.complete && img.naturalWidth === 1);
    });
    await page.setInputFiles('.renovation-detail [data-upload=application]', {
      name: '说明.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('不是图片'),
    });
    await page.waitForSelector('.el-message--error');
    expect(await page.textContent('.el-message--error')).toContain('只能上传 JPEG、PNG、GIF 或 WebP 图片');
    expect((await Renovation.findById(id).lean())!.photos).toHaveLength(1);

    // asking for changes without saying what is refused with a clear message
    await act('ask-changes', '');
    await page.waitForSelector('.el-message--error');
    await page.click('.reno-dialog [data-action=submit] + button');
    await act('approve', '', '客服部');
    await act('approve', '', '工程部');
    await page.waitForSelector('.renovation-detail[data-state=approved]');

    await page.click('.renovation-detail [data-action=permit]');
    const permit = page.locator('.reno-dialog:visible');
    await permit.locator('input[name=permitNumber]').fill('ZX-031');
    await permit.locator('textarea[name=passes]').fill('李师傅\n王师傅');
    await permit.locator('[data-action=submit]').click();
    await page.waitForSelector('.renovation-detail[data-state=in_progress]');

    await page.click('.renovation-detail [data-action=violation]');
    await page.waitForSelector('.reno-dialog:visible [data-field=next-level]');
    expect(await page.textContent('.reno-dialog:visible [data-field=next-level]')).toContain('口头警告');
    await page.locator('.reno-dialog:visible textarea[name=note]').fill('占用消防通道');
    await page.setInputFiles('.reno-dialog:visible [data-upload=record]', {
      name: '现场.png',
      mimeType: 'image/png',
      buffer: PNG,
    });
    await page.waitForSelector('.reno-dialog:visible [data-field=record-photos] img');
    await page.locator('.reno-dialog:visible [data-action=submit]').click();
    await page.waitForSelector('.renovation-detail .violations li');
    expect(await page.textContent('.renovation-detail .violations')).toContain('占用消防通道');
    // the daily inspection: the checklist, one item failed
    await page.click('.renovation-detail [data-action=inspect]');
    await page.locator('.reno-dialog:visible [data-check=waste_bagged]').click();
    await page.locator('.reno-dialog:visible textarea[name=note]').fill('楼道有垃圾');
    await page.locator('.reno-dialog:visible [data-action=submit]').click();
    await page.waitForSelector('.renovation-detail .inspections');
    expect(await page.textContent('.renovation-detail .history')).toContain('违规 · 口头警告');
    expect(await page.textContent('.renovation-detail .history')).toContain('巡检 垃圾袋装、未占用公共部位');
    await screenshot(page, 'renovation-detail');
    expect(await stateOf()).toBe('in_progress');
    const doc = (await Renovation.findById(id).lean())!;
    expect(doc.permitNumber).toBe('ZX-031');
    expect(doc.workerPasses.map((p) => p.name)).toEqual(['李师傅', '王师傅']);
    expect(doc.inspections[0]!.checklist).toMatchObject({ permit_posted: true, waste_bagged: false });
    expect(doc.violations[0]!.evidence).toHaveLength(1);
    expect(await page.locator('.renovation-detail .violations img').count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });
});
