import ExcelJS from 'exceljs';
import { Person } from '../../src/data/models/index.js';
import type { Actor } from '../../src/domain/actor.js';
import { loadDemoData } from '../../src/demo/seed.js';
import { translator } from '../../src/i18n.js';
import { LEDGER_COLUMNS, ledgerRows } from '../../src/reports/ticket-ledger.js';
import { startTestServer, TOKEN, type TestServer } from '../support/http.js';

describe('ticket ledger (GET /api/v1/tickets?format=csv|xlsx)', () => {
  let server: TestServer;
  let repair: string;
  const as = async (name: string) =>
    server.services.directory.actorForPerson(String((await Person.findOne({ name }).lean())!._id));

  beforeAll(async () => {
    server = await startTestServer();
    await loadDemoData(server.services);
    const { tickets } = server.services;
    const owner = await as('张伟');
    const t = await tickets.create(owner, {
      kind: 'repair',
      unitId: owner.unitIds[0],
      phone: '13800138000',
      description: '厨房水管漏水',
    });
    repair = t.number;
    const worker = await as('维修工老张');
    await tickets.dispatch(await as('前台小林'), t.number, { assigneeId: worker.personId });
    await tickets.accept(worker, t.number);
    await tickets.arrive(worker, t.number);
    await tickets.complete(worker, t.number, {
      fees: [
        { item: '更换角阀', amount: 35 },
        { item: '人工', amount: 20 },
      ],
      materials: [{ name: '角阀', quantity: 1, ownerSupplied: false }],
    });
    await tickets.recordCallback(await as('片区管理员A王芳'), t.number, { satisfied: true, method: 'phone' });
    await tickets.create(owner, { kind: 'complaint', unitId: owner.unitIds[0], description: '楼上噪音' });
  }, 60_000);
  afterAll(async () => server?.close());

  it('exports the columns a service centre files, with the list filters applied', async () => {
    const res = await server.request('/api/v1/tickets?format=csv&kind=repair');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/ticket-ledger-\d{8}\.csv/);
    const lines = res.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(lines[0]).toBe(
      '单号,类型,类别,房屋/位置,报事人,电话,状态,受理时间,派工时间,接单时间,到场时间,完工时间,回访时间,关闭时间,处理人,收费明细,收费合计（元）,材料,评分,回访结果',
    );
    expect(lines).toHaveLength(2); // the complaint is filtered out
    const cells = lines[1]!.split(',');
    expect(cells[0]).toBe(repair);
    expect(cells[1]).toBe('报修');
    expect(cells[3]).toMatch(/^\d+栋\d+单元\d+/);
    expect(cells[5]).toBe('13800138000'); // the bootstrap token is an admin: full phone
    for (const i of [7, 8, 9, 10, 11, 12]) expect(cells[i]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(cells[14]).toBe('维修工老张');
    expect(cells[15]).toBe('更换角阀 35; 人工 20');
    expect(cells[16]).toBe('55');
    expect(cells[17]).toBe('角阀×1');
    expect(cells[19]).toBe('满意 · 电话');
  });

  it('exports XLSX with English headers on request', async () => {
    const res = await fetch(`${server.url}/api/v1/tickets?format=xlsx`, {
      headers: { authorization: `Bearer ${TOKEN}`, 'accept-language': 'en' },
    });
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe('Number');
    expect(sheet.getRow(1).cellCount).toBe(LEDGER_COLUMNS.length);
    expect(sheet.rowCount).toBe(3);
  });

  it('masks phones for roles that do not call owners', async () => {
    const t = translator('zh-CN');
    const deps = { tickets: server.services.tickets, timezone: 'Asia/Shanghai', maxPageSize: 100 };
    const director = { ...(await as('主任郑国强')), consoleRole: 'director' as const };
    const desk = { ...(await as('前台小林')), consoleRole: 'front_desk' as const };
    const phoneOf = async (actor: Actor) =>
      (await ledgerRows(deps, actor, { kind: 'repair' }, t)).find((r) => r.number === repair)!.phone;
    expect(await phoneOf(director)).toBe('138****8000');
    expect(await phoneOf(desk)).toBe('13800138000');
  });

  it('refuses an unknown format and keeps the JSON list as it was', async () => {
    expect((await server.request('/api/v1/tickets?format=pdf')).status).toBe(400);
    const list = await server.request('/api/v1/tickets?kind=repair');
    expect(list.status).toBe(200);
    expect(list.body.items[0]).toMatchObject({ number: repair, place: expect.stringMatching(/栋.*单元/) });
  });
});
