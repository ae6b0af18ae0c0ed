import { Types } from 'mongoose';
import { cachedRead, setDirectoryCacheClock, summaryKey } from '../../src/data/directory-cache.js';
import { ChatIdentity, Conversation, Person } from '../../src/data/models/index.js';
import { useTestDatabase } from '../support/db.js';

useTestDatabase();

const communityId = new Types.ObjectId();
let reads = 0;
const personById = (id: Types.ObjectId) =>
  cachedRead('people', String(id), () => {
    reads++;
    return Person.findById(id).lean();
  });

beforeEach(() => (reads = 0));

describe('directory cache', () => {
  it('reads a person once, then serves it from memory', async () => {
    const p = await Person.create({ communityId, name: '张伟', phone: '13800000001', roles: ['owner'] });
    expect((await personById(p._id))?.name).toBe('张伟');
    expect((await personById(p._id))?.name).toBe('张伟');
    expect(reads).toBe(1);
  });

  it('shares one read among callers asking at the same moment', async () => {
    const p = await Person.create({ communityId, name: '李娜', phone: '13800000002', roles: ['owner'] });
    const all = await Promise.all([personById(p._id), personById(p._id), personById(p._id)]);
    expect(all.map((x) => x?.name)).toEqual(['李娜', '李娜', '李娜']);
    expect(reads).toBe(1);
  });

  it('forgets what it read when the collection is written through its model', async () => {
    const p = await Person.create({ communityId, name: '王芳', phone: '13800000003', roles: ['owner'] });
    await personById(p._id);
    await Person.updateOne({ _id: p._id }, { $set: { active: false } });
    expect((await personById(p._id))?.active).toBe(false);
    await Person.findByIdAndUpdate(p._id, { $set: { name: '王芳芳' } });
    expect((await personById(p._id))?.name).toBe('王芳芳');
    await Person.deleteOne({ _id: p._id });
    expect(await personById(p._id)).toBeNull();
    expect(reads).toBe(4);
  });

  it('reads again after its time to live (writes by another process)', async () => {
    let now = 1_000_000;
    setDirectoryCacheClock(() => now);
    try {
      const p = await Person.create({ communityId, name: '刘洋', phone: '13800000004', roles: ['owner'] });
      await personById(p._id);
      await Person.collection.updateOne({ _id: p._id }, { $set: { name: '刘阳' } }); // past the model
      now += 60_000;
      expect((await personById(p._id))?.name).toBe('刘洋');
      now += 61_000;
      expect((await personById(p._id))?.name).toBe('刘阳');
      expect(reads).toBe(2);
    } finally {
      setDirectoryCacheClock(() => Date.now());
    }
  });

  it('keeps a cache per collection: a write to chat identities leaves people cached', async () => {
    const p = await Person.create({ communityId, name: '陈静', phone: '13800000005', roles: ['owner'] });
    await personById(p._id);
    await ChatIdentity.create({
      platform: 'mock',
      contactId: 'c-cache',
      displayName: '陈静',
      personId: p._id,
    });
    await personById(p._id);
    expect(reads).toBe(1);
  });

  it('forgets a summary of the collection on a write to one document by _id, keeping the others', async () => {
    let summaries = 0;
    const everyone = () =>
      cachedRead('conversations', summaryKey('all'), async () => {
        summaries++;
        return Conversation.countDocuments();
      });
    const conversation = (id: string) =>
      cachedRead('conversations', id, () => {
        reads++;
        return Conversation.findById(id).lean();
      });
    const expiresAt = new Date(Date.now() + 60_000);
    await Conversation.create({ key: 'mock:dm:sum1', flow: 'report', step: 'what', expiresAt });
    await Conversation.create({ key: 'mock:dm:sum2', flow: 'report', step: 'what', expiresAt });
    expect(await everyone()).toBe(2);
    await conversation('mock:dm:sum2');
    await Conversation.updateOne({ _id: 'mock:dm:sum1' }, { $set: { step: 'when' } });
    await everyone();
    await conversation('mock:dm:sum2');
    expect(summaries).toBe(2); // read again after the write
    expect(reads).toBe(1); // the other conversation still served from memory
  });
});
