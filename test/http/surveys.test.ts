import ExcelJS from 'exceljs';
import { ConsoleUser, Person, Zone } from '../../src/data/models/index.js';
import { loadDemoData } from '../../src/demo/seed.js';
import { seedDemoConsoleUsers } from '../../src/demo/console-users.js';
import { createCalendar } from '../../src/app.js';
import { OutboxNotifier } from '../../src/notify/outbox.js';
import { SurveyResponse } from '../../src/surveys/models.js';
import { surveyTick } from '../../src/surveys/questionnaire.js';
import { SURVEY_AREAS } from '../../src/surveys/areas.js';
import { silentLog } from '../support/fixtures.js';
import { startTestServer, TOKEN, type TestServer } from '../support/http.js';

const PASSWORD = 'console-test-pass';
let srv: TestServer;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  srv = await startTestServer({ console: { demoPassword: PASSWORD, passwordRounds: 4 } });
  const { communityId } = await loadDemoData(srv.services);
  await seedDemoConsoleUsers(srv.services.auth, communityId, PASSWORD);
  for (const username of ['kefu', 'qiantai', 'pianqu-a']) {
    const user = await ConsoleUser.findOne({ username }).lean();
    const res = await srv.request('/api/v1/auth/tokens', {
      method: 'POST',
      json: { name: `test ${username}`, userId: String(user!._id) },
    });
    tokens[username] = res.body.token;
  }
}, 60_000);
afterAll(() => srv.close());

const as = (who: string) => ({ token: tokens[who] ?? TOKEN });

describe('survey campaigns over HTTP', () => {
  it.each([
    [{ period: '2026-H3' }, 'period'],
    [{ period: '2026-H2', endAt: '2020-01-01T00:00:00Z' }, 'endAt'],
    [{ period: '2026-H2', startAt: 'tomorrow' }, 'startAt'],
    [{ period: '2026-H2', zoneIds: ['123'] }, 'zoneIds'],
    [{ period: '2026-H2', zoneIds: ['0123456789abcdef01234567'] }, 'zoneIds'],
    [{ period: '2026-H2', audience: 'all' }, 'audience'],
  ])('refuses %j clearly (400 naming %s)', async (json, field) => {
    const res = await srv.request('/api/v1/surveys', { method: 'POST', json, ...as('kefu') });
    expect(res.status).toBe(400);
    expect(res.text).toContain(field);
  });

  it('lets only supervisors create one', async () => {
    const res = await srv.request('/api/v1/surveys', {
      method: 'POST',
      json: { period: '2026-H2' },
      ...as('qiantai'),
    });
    expect(res.status).toBe(403);
  });

  it('creates, issues, and reports per area and zone, scoped for a zone manager, with an XLSX export', async () => {
    const created = await srv.request('/api/v1/surveys', {
      method: 'POST',
      json: { period: '2026-H2' },
      ...as('kefu'),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'scheduled', title: '2026年下半年业主满意度调查' });
    const id = created.body.id as string;

    const { config } = srv.services;
    const now = new Date();
    await surveyTick({
      config,
      calendar: createCalendar(config),
      log: silentLog,
      tickets: srv.services.tickets,
      notifier: new OutboxNotifier({ quietStart: 0, quietEnd: 1, timezone: config.timezone }, silentLog),
      now: () => now,
    });
    // four owners answer: two in zone A, two elsewhere
    const zoneA = (await Zone.findOne({ code: 'A' }).lean())!._id;
    const rows = await SurveyResponse.find({ campaignId: id }).lean();
    const inA = rows.filter((r) => String(r.zoneId) === String(zoneA)).slice(0, 2);
    const others = rows.filter((r) => String(r.zoneId) !== String(zoneA)).slice(0, 2);
    const answer = (choice: string) => SURVEY_AREAS.map((area) => ({ area, choice }));
    for (const [r, choice, comment] of [
      [inA[0]!, 'satisfied', '=HYPERLINK("x")'],
      [inA[1]!, 'unsatisfied', '电梯经常坏，电梯维修太慢'],
      [others[0]!, 'basic', '垃圾清运不及时'],
      [others[1]!, 'unsatisfied', '电梯噪音大'],
    ] as const)
      await SurveyResponse.updateOne(
        { _id: r._id },
        { $set: { answers: answer(choice), step: 11, completedAt: now, comment } },
      );

    const all = await srv.request(`/api/v1/surveys/${id}`);
    expect(all.status).toBe(200);
    const owners = await Person.countDocuments({ roles: 'owner' });
    expect(all.body.results).toMatchObject({
      eligible: owners,
      issued: owners,
      returned: 4,
      issuanceRate: 1,
    });
    expect(all.body.results.overall).toMatchObject({ answered: 40, satisfactionRate: 0.5 });
    expect(all.body.results.themes.words[0]).toEqual({ word: '电梯', count: 2 });
    expect(all.body.results.zones.length).toBeGreaterThan(1);

    const mine = await srv.request(`/api/v1/surveys/${id}`, as('pianqu-a'));
    expect(mine.status).toBe(200);
    expect(mine.body.results.zones).toHaveLength(1);
    expect(mine.body.results).toMatchObject({ returned: 2 });

    const list = await srv.request('/api/v1/surveys', as('pianqu-a'));
    expect(list.body.items.map((c: { id: string }) => c.id)).toContain(id);

    const file = await srv.request(`/api/v1/surveys/${id}/export`, {
      headers: { 'accept-language': 'zh-CN' },
    });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toContain('spreadsheetml');
    const raw = await fetch(`${srv.url}/api/v1/surveys/${id}/export`, {
      headers: { authorization: `Bearer ${tokens['pianqu-a']}` },
    });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await raw.arrayBuffer()) as never);
    expect(book.worksheets.map((w) => w.name)).toEqual([
      '汇总',
      '分项满意率',
      '片区',
      '共性意见',
      '问卷明细',
    ]);
    const detail = book.getWorksheet('问卷明细')!;
    expect(detail.rowCount).toBe(3); // the header and zone A's two questionnaires only
    const comments = [2, 3].map((n) => String(detail.getRow(n).getCell(14).value));
    expect(comments).toContain(`'=HYPERLINK("x")`);
    // a download link names the console's language in the query (it cannot send headers)
    const en = await fetch(`${srv.url}/api/v1/surveys/${id}/export?lang=en`, {
      headers: { authorization: `Bearer ${tokens['pianqu-a']}`, 'accept-language': 'zh-CN' },
    });
    const enBook = new ExcelJS.Workbook();
    await enBook.xlsx.load(Buffer.from(await en.arrayBuffer()) as never);
    expect(enBook.worksheets[0]!.name).not.toBe('汇总');
    expect((await srv.request(`/api/v1/surveys/${id}/export?lang=fr`)).status).toBe(400);
  });

  it('answers unknown or malformed ids clearly', async () => {
    expect((await srv.request('/api/v1/surveys/SV-2026-H2-ffffff')).status).toBe(404);
    expect((await srv.request('/api/v1/surveys/nope')).status).toBe(400);
  });

  it('describes every survey route in the OpenAPI document', async () => {
    const doc = await srv.request('/api/v1/openapi.json', { token: null });
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/surveys', '/api/v1/surveys/{id}', '/api/v1/surveys/{id}/export']),
    );
    expect(doc.body.paths['/api/v1/surveys'].post).toBeDefined();
  });
});
