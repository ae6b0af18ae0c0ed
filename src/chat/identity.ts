import { ChatIdentity } from '../data/models/index.js';
import type { InboundMessage } from './types.js';

/**
 * Who is speaking. Known contact id → its identity (last seen updated). Unknown id with a remark
 * (alias) that exactly one identity of this platform carries → the puppet changed the contact's
 * id (some do on every login): the identity is moved to the new id.
 */
export async function resolveIdentity(msg: InboundMessage) {
  const now = new Date();
  const known = await ChatIdentity.findOneAndUpdate(
    { platform: msg.platform, contactId: msg.talkerId },
    { $set: { lastSeenAt: now, displayName: msg.talkerName } },
    { returnDocument: 'after' },
  ).lean();
  if (known) return known;
  if (msg.talkerAlias) {
    const byAlias = await ChatIdentity.find({ platform: msg.platform, alias: msg.talkerAlias })
      .limit(2)
      .lean();
    if (byAlias.length === 1) {
      return ChatIdentity.findOneAndUpdate(
        { _id: byAlias[0]!._id },
        { $set: { contactId: msg.talkerId, displayName: msg.talkerName, lastSeenAt: now } },
        { returnDocument: 'after' },
      ).lean();
    }
  }
  return undefined;
}

/** After login: contacts whose id changed but whose remark or name matches one identity move over. */
export async function remapContacts(
  platform: string,
  contacts: Array<{ id: string; name: string; alias?: string }>,
): Promise<number> {
  let moved = 0;
  for (const c of contacts) {
    if (await ChatIdentity.exists({ platform, contactId: c.id })) continue;
    const filter = c.alias ? { platform, alias: c.alias } : { platform, displayName: c.name };
    const matches = await ChatIdentity.find(filter).limit(2).lean();
    if (matches.length !== 1) continue;
    await ChatIdentity.updateOne({ _id: matches[0]!._id }, { $set: { contactId: c.id } });
    moved++;
  }
  return moved;
}
