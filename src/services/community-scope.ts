import { Types } from 'mongoose';
import { Community } from '../data/models/index.js';
import type { Actor } from '../domain/actor.js';
import { ForbiddenError, ValidationError } from '../domain/errors.js';

/**
 * The community an actor's write goes to: their own (asking for another is `wrong_community`);
 * an admin names one, or gets the only one there is.
 */
export async function communityFor(actor: Actor, requested?: string): Promise<Types.ObjectId> {
  if (actor.kind !== 'admin') {
    if (!actor.communityId) throw new ForbiddenError();
    if (requested && requested !== actor.communityId) throw new ForbiddenError('wrong_community');
    return new Types.ObjectId(actor.communityId);
  }
  if (requested) {
    if (!(await Community.exists({ _id: new Types.ObjectId(requested) })))
      throw new ValidationError(['communityId: no such community']);
    return new Types.ObjectId(requested);
  }
  const all = await Community.find({}, { _id: 1 }).limit(2).lean();
  if (all.length !== 1) throw new ValidationError(['communityId: required (more than one community)']);
  return all[0]!._id;
}

/** The filter that keeps an actor's reads and writes inside their community. */
export function inCommunity(actor: Actor): { communityId?: Types.ObjectId } | { _id: null } {
  if (actor.kind === 'admin' || actor.kind === 'system') return {};
  return actor.communityId ? { communityId: new Types.ObjectId(actor.communityId) } : { _id: null };
}
