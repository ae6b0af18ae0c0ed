import { Types } from 'mongoose';
import { remapContacts, resolveIdentity } from '../../src/chat/identity.js';
import type { InboundMessage } from '../../src/chat/types.js';
import { ChatIdentity } from '../../src/data/models/index.js';
import { useTestDatabase } from '../support/db.js';

useTestDatabase();

const msg = (talkerId: string, talkerName: string, talkerAlias?: string): InboundMessage => ({
  id: 'm',
  platform: 'wechat',
  talkerId,
  talkerName,
  talkerAlias,
  type: 'text',
  text: 'hi',
  mentionSelf: false,
  mentionIds: [],
  self: false,
  at: new Date(),
});

describe('who is speaking when a puppet changes contact ids', () => {
  it('follows a bound contact to its new id by the remark the desk set', async () => {
    const personId = new Types.ObjectId();
    await ChatIdentity.create({
      platform: 'wechat',
      contactId: 'old-id',
      displayName: '张伟',
      alias: '1栋1单元101',
      personId,
    });
    const found = await resolveIdentity(msg('new-id', '张伟', '1栋1单元101'));
    expect(String(found?.personId)).toBe(String(personId));
    expect(await ChatIdentity.countDocuments({ contactId: 'old-id' })).toBe(0);
  });

  it('does not guess when two identities share the remark', async () => {
    await ChatIdentity.create({ platform: 'wechat', contactId: 'a', displayName: 'A', alias: '同名' });
    await ChatIdentity.create({ platform: 'wechat', contactId: 'b', displayName: 'B', alias: '同名' });
    expect(await resolveIdentity(msg('c', 'C', '同名'))).toBeUndefined();
  });

  it('re-maps after login by remark or unique display name', async () => {
    await ChatIdentity.create({
      platform: 'wechat',
      contactId: 'x1',
      displayName: '李娜',
      personId: new Types.ObjectId(),
    });
    const moved = await remapContacts('wechat', [
      { id: 'x2', name: '李娜' },
      { id: 'new-id', name: '张伟', alias: '1栋1单元101' },
    ]);
    expect(moved).toBe(1);
    expect(await ChatIdentity.exists({ contactId: 'x2' })).toBeTruthy();
  });
});
