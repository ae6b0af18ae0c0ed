import { ChatIdentity } from '../data/models/index.js';
import { chatIdentityKey } from '../data/models/chat-identity.js';
import { BatchWriter } from '../data/batch.js';
import { cachedRead, invalidateDirectory } from '../data/directory-cache.js';
import type { InboundMessage } from './types.js';

type Identity = NonNullable<Awaited<ReturnType<typeof findKnown>>>;

/** "Last seen" is written at most this often per identity (it orders a person's identities). */
export const LAST_SEEN_EVERY_MS = 10 * 60_000;

const lastSeenWrites = new BatchWriter(() => ChatIdentity.collection);

function findKnown(platform: string, contactId: string) {
  const key = chatIdentityKey(platform, contactId);
  return cachedRead('chatidentities', key, () => ChatIdentity.findById(key).lean());
}

/**
 * The speaker's display name and last-seen time, written only when the name changed or the last
 * write is older than `LAST_SEEN_EVERY_MS`, batched with other speakers' (straight to the driver
 * collection: these fields are not what the cache serves, so the cached copy is updated in place).
 */
function noteSeen(identity: Identity, displayName: string, now: Date): void {
  const seen = identity.lastSeenAt?.getTime() ?? 0;
  if (identity.displayName === displayName && now.getTime() - seen < LAST_SEEN_EVERY_MS) return;
  identity.displayName = displayName;
  identity.lastSeenAt = now;
  void lastSeenWrites
    .updateByIdSoon(identity._id, { $set: { displayName, lastSeenAt: now } })
    .catch(() => undefined);
}

/**
 * Moves an identity to a new contact id: its `_id` is `platform:contactId`, so the document is
 * inserted under the new key and the old one removed (an identity already under the new key wins).
 */
async function moveIdentity(old: Identity, contactId: string, set: Record<string, unknown> = {}) {
  const { _id, ...rest } = old as Identity & { _id: string };
  const moved = { ...rest, ...set, contactId, _id: chatIdentityKey(String(rest.platform), contactId) };
  await ChatIdentity.collection.insertOne(moved as never).catch((err: { code?: number }) => {
    if (err?.code !== 11000) throw err;
  });
  await ChatIdentity.deleteOne({ _id });
  invalidateDirectory('chatidentities');
  return ChatIdentity.findById(moved._id).lean();
}

/**
 * Who is speaking. Known contact id → its identity (last seen updated), read by `_id`. Unknown id
 * with a remark (alias) that exactly one identity of this platform carries → the puppet changed
 * the contact's id (some do on every login): the identity is moved to the new id.
 */
export async function resolveIdentity(msg: InboundMessage) {
  const now = new Date();
  const known = await findKnown(msg.platform, msg.talkerId);
  if (known) {
    noteSeen(known, msg.talkerName, now);
    return known;
  }
  if (msg.talkerAlias) {
    const byAlias = await ChatIdentity.find({ platform: msg.platform, alias: msg.talkerAlias })
      .limit(2)
      .lean();
    if (byAlias.length === 1)
      return moveIdentity(byAlias[0]!, msg.talkerId, { displayName: msg.talkerName, lastSeenAt: now });
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
    if (await ChatIdentity.exists({ _id: chatIdentityKey(platform, c.id) })) continue;
    const filter = c.alias ? { platform, alias: c.alias } : { platform, displayName: c.name };
    const matches = await ChatIdentity.find(filter).limit(2).lean();
    if (matches.length !== 1) continue;
    await moveIdentity(matches[0]!, c.id);
    moved++;
  }
  return moved;
}

/**
 * A person's most recently seen chat identity on a platform (where notices to them go), from the
 * directory cache (chat identities change by binding, through the model).
 */
export function latestIdentityOf(platform: string, personId: unknown) {
  return cachedRead('chatidentities', `latest:${platform}:${String(personId)}`, () =>
    ChatIdentity.findOne({ platform, personId: personId as never })
      .sort({ lastSeenAt: -1 })
      .lean(),
  );
}
