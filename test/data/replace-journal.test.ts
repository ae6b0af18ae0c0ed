import { Types } from 'mongoose';
import { Person } from '../../src/data/models/index.js';
import { Replacement, replaceDocuments, replayReplacements } from '../../src/data/replace-journal.js';
import { useTestDatabase } from '../support/db.js';
import { silentLog } from '../support/fixtures.js';

useTestDatabase();

const person = (name: string, language = 'zh-CN') => ({
  _id: new Types.ObjectId(),
  communityId: new Types.ObjectId(),
  name,
  roles: ['owner'],
  language,
});

describe('whole-document replacement with a journal', () => {
  it('replaces documents in rounds and leaves no journal behind', async () => {
    const docs = [person('甲'), person('乙')];
    await Person.insertMany(docs);
    await replaceDocuments(
      Person as never,
      docs.map((d) => ({ ...d, language: 'en' })),
    );
    expect(
      (await Person.find({ _id: { $in: docs.map((d) => d._id) } }).lean()).map((p) => p.language),
    ).toEqual(['en', 'en']);
    expect(await Replacement.countDocuments()).toBe(0);
  });

  it('finishes at start a replacement a crash cut between its delete and its insert', async () => {
    const gone = person('丙');
    const untouched = person('丁');
    await Person.insertMany([untouched]);
    // the crash: journalled, old versions deleted, new ones never inserted (丙), or not yet deleted (丁)
    await Replacement.collection.insertMany([
      { _id: `people:${String(gone._id)}` as never, coll: 'people', doc: { ...gone, language: 'en' } },
      {
        _id: `people:${String(untouched._id)}` as never,
        coll: 'people',
        doc: { ...untouched, language: 'en' },
      },
    ]);
    expect(await replayReplacements({ people: Person as never }, silentLog)).toBe(2);
    expect((await Person.findById(gone._id).lean())!.language).toBe('en');
    expect((await Person.findById(untouched._id).lean())!.language).toBe('en');
    expect(await Replacement.countDocuments()).toBe(0);
    expect(await replayReplacements({ people: Person as never }, silentLog)).toBe(0);
  });
});
