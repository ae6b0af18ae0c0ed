import { Types } from 'mongoose';
import { Community, Person, Unit, Zone } from '../../src/data/models/index.js';
import { IMPORT_BATCH, ImportAbortedError, ImportService } from '../../src/services/import-service.js';
import { Replacement } from '../../src/data/replace-journal.js';
import { useTestDatabase } from '../support/db.js';

useTestDatabase();

const imports = new ImportService();
let communityId: string;

beforeAll(async () => {
  const c = await Community.create({ code: 'TEST', name: '测试小区' });
  communityId = String(c._id);
  await Zone.create([
    { communityId: c._id, code: 'N', name: '北区' },
    { communityId: c._id, code: 'S', name: '南区' },
  ]);
});

const UNITS = `zone,building,entrance,room,state,area
N,1,1,101,occupied,89.5
N,1,1,102,vacant,
S,2,1,201,renovating,120
X,9,1,101,occupied,
S,2,,202,occupied,
S,2,1,203,sold,
N,1,1,103,occupied,-5
`;

const PEOPLE = `name,phone,roles,department,skills,zones,building,entrance,room,relation,language
张三,13800000001,owner,,,,1,1,101,owner,
李四,13800000002,tenant,,,,1,1,101,tenant,zh-TW
王五,13800000003,staff,engineering,plumbing|electrical,N|S,,,,,
,13800000004,owner,,,,1,1,101,owner,
赵六,12345,owner,,,,1,1,101,owner,
钱七,13800000006,janitor,,,,,,,,
孙八,13800000007,staff,,,,,,,,
周九,13800000008,owner,,,,7,7,707,owner,
吴十,13800000009,owner,,,,1,1,,owner,
郑一,13800000010,zone_manager,,,Q,,,,,
冯二,,front_desk,customer_service,,,,,,,
`;

describe('ImportService', () => {
  it('imports good unit rows and reports bad ones by row number and reason', async () => {
    const report = await imports.importUnits(communityId, UNITS);
    expect(report).toMatchObject({ created: 3, updated: 0, unchanged: 0 });
    expect(report.errors.map((e) => e.row)).toEqual([5, 6, 7, 8]);
    expect(report.errors[0]!.reason).toMatch(/unknown zone code "X"/);
    expect(report.errors[1]!.reason).toMatch(/entrance/);
    expect(report.errors[2]!.reason).toMatch(/state/);
    expect(report.errors[3]!.reason).toMatch(/area/);
    const unit = await Unit.findOne({ room: '201' }).lean();
    expect(unit).toMatchObject({ state: 'renovating', area: 120 });
  });

  it('imports good people rows and reports bad ones by row number and reason', async () => {
    const report = await imports.importPeople(communityId, PEOPLE);
    expect(report.created).toBe(4);
    const byRow = Object.fromEntries(report.errors.map((e) => [e.row, e.reason]));
    expect(Object.keys(byRow).map(Number)).toEqual([5, 6, 7, 8, 9, 10, 11]);
    expect(byRow[5]).toMatch(/name/);
    expect(byRow[6]).toMatch(/phone/);
    expect(byRow[7]).toMatch(/roles/);
    expect(byRow[8]).toMatch(/department: required/);
    expect(byRow[9]).toMatch(/7-7-707 is not imported/);
    expect(byRow[10]).toMatch(/building, entrance and room go together/);
    expect(byRow[11]).toMatch(/unknown zone code "Q"/);
    const worker = await Person.findOne({ phone: '13800000003' }).lean();
    expect(worker).toMatchObject({
      roles: ['staff'],
      department: 'engineering',
      skills: ['plumbing', 'electrical'],
    });
    expect(worker!.zoneIds).toHaveLength(2);
    const tenant = await Person.findOne({ phone: '13800000002' }).lean();
    expect(tenant).toMatchObject({ language: 'zh-TW', units: [{ relation: 'tenant' }] });
  });

  it('changes nothing when the same files are imported again', async () => {
    const count = async () => [await Unit.countDocuments(), await Person.countDocuments()];
    const before = await count();
    const units = await imports.importUnits(communityId, UNITS);
    const people = await imports.importPeople(communityId, PEOPLE);
    expect(units).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(people).toMatchObject({ created: 0, updated: 0, unchanged: 4 });
    expect(await count()).toEqual(before);
    const owner = await Person.findOne({ phone: '13800000001' }).lean();
    expect(owner!.units).toHaveLength(1);
  });

  it('updates a changed row in place', async () => {
    const report = await imports.importUnits(
      communityId,
      'zone,building,entrance,room,state\nN,1,1,102,occupied\n',
    );
    expect(report).toMatchObject({ created: 0, updated: 1 });
    expect((await Unit.findOne({ room: '102' }).lean())!.state).toBe('occupied');
  });

  it('rejects a file that is not CSV as a whole, with the reason', async () => {
    await expect(imports.importUnits(communityId, 'zone,building\n"N,1\n')).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });

  it('accepts a UTF-8 BOM, CRLF line ends and header case', async () => {
    const report = await imports.importUnits(
      communityId,
      '\uFEFFZone,Building,Entrance,Room\r\nS,2,2,220\r\n',
    );
    expect(report).toMatchObject({ created: 1, errors: [] });
  });

  it('never imports into another community’s zones', async () => {
    const report = await imports.importUnits(
      String(new Types.ObjectId()),
      'zone,building,entrance,room\nN,1,1,101\n',
    );
    expect(report.errors[0]!.reason).toMatch(/unknown zone code/);
  });
});

describe('import at scale', () => {
  const many = (n: number, from = 0) =>
    'name,phone,roles\n' +
    Array.from(
      { length: n },
      (_, i) => `批量${from + i},1370${String(from + i).padStart(7, '0')},owner`,
    ).join('\n');

  it('reports the total at once, progress per batch, and stops between batches when the client leaves', async () => {
    const abort = new AbortController();
    const progress: number[] = [];
    const err = await imports
      .importPeople(communityId, many(IMPORT_BATCH * 2 + 10), {
        signal: abort.signal,
        onProgress: (done) => {
          progress.push(done);
          abort.abort();
        },
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportAbortedError);
    expect((err as ImportAbortedError).report.created).toBe(IMPORT_BATCH);
    expect(progress).toEqual([0, IMPORT_BATCH]);
    expect(await Person.countDocuments({ name: /^批量/ })).toBe(IMPORT_BATCH);
    // running the file again finishes the job: the first batch unchanged, the rest created
    const again = await imports.importPeople(communityId, many(IMPORT_BATCH * 2 + 10));
    expect(again).toMatchObject({ created: IMPORT_BATCH + 10, unchanged: IMPORT_BATCH, errors: [] });
  });

  it('updates 150 changed people in one batch without stalling the embedded database', async () => {
    // FerretDB v1 stalls on one update command of 100 statements or more: sent in commands of 50
    const file = (lang: string) =>
      'name,phone,roles,language\n' +
      Array.from({ length: 150 }, (_, i) => `改${i},1355${String(i).padStart(7, '0')},owner,${lang}`).join(
        '\n',
      );
    expect(await imports.importPeople(communityId, file('zh-CN'))).toMatchObject({ created: 150 });
    expect(await imports.importPeople(communityId, file('en'))).toMatchObject({ updated: 150, errors: [] });
    expect(await Person.countDocuments({ name: /^改/, language: 'en' })).toBe(150);
  }, 60_000);

  it('replaces a changed person whole, keeping the created time and the fields the file does not name', async () => {
    const file = (lang: string) => `name,phone,roles,language\n整替,13577770000,owner,${lang}\n`;
    await imports.importPeople(communityId, file('zh-CN'));
    const before = (await Person.findOne({ phone: '13577770000' }).lean())!;
    // a write between the import's read of the directory and its batch (here: before the import)
    await Person.updateOne({ _id: before._id }, { $set: { active: false } });
    expect(await imports.importPeople(communityId, file('en'))).toMatchObject({ updated: 1 });
    const after = (await Person.findById(before._id).lean())!;
    expect(after).toMatchObject({ language: 'en', name: '整替' });
    expect(after.createdAt).toEqual(before.createdAt);
    expect(after.updatedAt!.getTime()).toBeGreaterThan(before.updatedAt!.getTime());
    expect(await Replacement.countDocuments()).toBe(0);
  });

  it('treats a phone seen twice in one file as one person, updated by the later row', async () => {
    const r = await imports.importPeople(
      communityId,
      'name,phone,roles\n双份甲,13688880000,owner\n双份乙,13688880000,owner\n',
    );
    expect(r).toMatchObject({ created: 1, updated: 1 });
    expect(await Person.find({ phone: '13688880000' }).lean()).toEqual([
      expect.objectContaining({ name: '双份乙' }),
    ]);
  });
});
