import { SYSTEM_ACTOR, type Actor } from '../domain/actor.js';
import type { ChatContext } from './context.js';
import { findUnitAddress } from './text/unit-address.js';
import { lexicon, type Understanding } from './understand.js';

/**
 * A member of an owners' group who has not bound a unit may still report a problem in a public
 * place ("2栋电梯又坏了", "小区门口路灯不亮了") or call for help there ("2栋电梯关人了"):
 * nobody's home is concerned, so no binding is needed. The report is the group's: its community, and its zone unless the place names a
 * building. Anything about their own home still asks them to bind first.
 */
export function mayReportAsGuest(ctx: ChatContext, u: Pick<Understanding, 'kind' | 'scope'>): boolean {
  return (
    !ctx.actor &&
    ctx.inGroup &&
    ctx.room?.purpose === 'owners' &&
    Boolean(ctx.room.communityId) &&
    (u.kind === 'repair' || u.kind === 'help') &&
    u.scope === 'public'
  );
}

/**
 * Who registers a guest's report: the bot on their behalf (as it links owners), named after the
 * group member on the timeline, in the group's community. Not a resident: no unit, no scope.
 */
export function guestActor(ctx: ChatContext): Actor {
  return {
    ...SYSTEM_ACTOR,
    name: ctx.msg.talkerName.slice(0, 60) || SYSTEM_ACTOR.name,
    communityId: String(ctx.room!.communityId),
  };
}

/** A place that names its building is in that building's zone; any other is in the group's zone. */
const NAMES_BUILDING = /\d+\s*(?:栋|幢|号楼|楼|座)/;

/**
 * A guest has no home on record: a repair that names a building ("6栋门口消防栓漏水") but no
 * home (no room, no 家里/厨房…) is at that building, not in a unit, whatever the trade's default
 * says. Undefined: read as understood.
 */
export function guestBuildingPlace(
  text: string,
  u: Pick<Understanding, 'kind' | 'scope'>,
): { scope: 'public'; location: string } | undefined {
  if (u.kind !== 'repair' || u.scope !== 'in_unit') return undefined;
  const building = /(\d{1,3})\s*(?:栋|幢|号楼|座)/.exec(text);
  if (!building || findUnitAddress(text) || lexicon().privatePlaces.some((w) => text.includes(w)))
    return undefined;
  return { scope: 'public', location: `${building[1]}栋` };
}

/** What a guest's ticket carries besides the report: the reporter's name and, maybe, the zone. */
export function guestTicketFields(ctx: ChatContext, location: string | undefined) {
  const zoneId =
    ctx.room?.zoneId && !NAMES_BUILDING.test(location ?? '') ? String(ctx.room.zoneId) : undefined;
  return { reporterName: ctx.msg.talkerName.slice(0, 60) || undefined, ...(zoneId ? { zoneId } : {}) };
}

/**
 * Where a guest's report came from, read back from its source key (the conversation it was made
 * in: platform, room, speaker): the owners' group and the member to tell in it.
 */
export function guestOrigin(
  sourceKey: string | null | undefined,
  platform: string,
): { roomId: string; contactId: string } | undefined {
  const [p, roomId, contactId, msg] = (sourceKey ?? '').split(':');
  if (p !== platform || !roomId || roomId === 'dm' || !contactId || msg !== 'msg') return undefined;
  return { roomId, contactId };
}

/** The guest made this ticket themselves (from this chat): its source key starts with their conversation. */
export const isGuestsOwn = (ctx: ChatContext, sourceKey: string | undefined) =>
  Boolean(sourceKey?.startsWith(`${ctx.conversationKey}:`));
