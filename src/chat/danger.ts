import { ownerProfile, type OwnerUnit } from '../../flows/common.js';
import { createFromFlow } from '../../flows/create-ticket.js';
import { joinedOpenReport } from '../../flows/repair.js';
import { hazardIn, type Hazard } from '../domain/hazards.js';
import type { Department } from '../domain/roles.js';
import type { ChatContext } from './context.js';
import { reportKey } from './flow-engine.js';
import { readSlots, unitNamed } from './text/slots.js';
import { findUnitAddress } from './text/unit-address.js';
import { lexicon, type Understanding } from './understand.js';
import { firstPlace } from './understanding/places.js';

/** Who answers a danger, whatever the reading of the message said. */
const DANGER: Record<Hazard, { department: Department; category: string; kind: 'repair' | 'help' }> = {
  gas: { department: 'engineering', category: 'gas', kind: 'repair' },
  electric: { department: 'engineering', category: 'electrical', kind: 'repair' },
  flood: { department: 'engineering', category: 'plumbing', kind: 'repair' },
  trapped: { department: 'engineering', category: 'elevator', kind: 'help' },
  fire: { department: 'security', category: 'safety', kind: 'help' },
  injury: { department: 'security', category: 'safety', kind: 'help' },
  missing: { department: 'security', category: 'safety', kind: 'help' },
  locked_in: { department: 'security', category: 'safety', kind: 'help' },
  sos: { department: 'security', category: 'safety', kind: 'help' },
};

/** Dangers whose advice differs in a public place (a stairwell, a garage). */
const PUBLIC_ADVICE = new Set<Hazard>(['gas', 'electric', 'flood']);

/** Outdoor places not in the lexicon's public places: "3栋楼下", "5号楼后面". */
const OUTSIDE = [
  '地下车库',
  '地下室',
  '楼下',
  '楼前',
  '楼后',
  '后面',
  '旁边',
  '路上',
  '路边',
  '马路',
  '池塘',
  '水池',
  '泳池',
  '球场',
];
/** Places inside one's home: the danger is there. */
const HOME = /家|屋|室内|户内|厨房|卫生间|厕所|洗手间|客厅|卧室|阳台|房间/;

export interface DangerPlace {
  scope: 'in_unit' | 'public';
  unitId?: string;
  location?: string;
  /** The building is the owner's own, taken as meant ("电梯里" from an owner of 4栋), not said. */
  assumed?: boolean;
}

/** A building said ("3栋", "5号楼"): its number. */
const BUILDING = /(\d{1,3})\s*(?:栋|幢|号楼|座)/;

/**
 * Where a danger is: a public place said wins over the reporter's home ("3栋楼下有个老人摔倒了"
 * from an owner of 1栋 is at 3栋楼下); a home named or implied is the unit said or the owner's own
 * (their first, when they have several: a danger does not wait for a choice).
 */
export function dangerPlace(
  text: string,
  u: Pick<Understanding, 'scope' | 'location'>,
  units: OwnerUnit[],
): DangerPlace {
  const address = findUnitAddress(text)?.address;
  const named = unitNamed(units, address);
  if (named) return { scope: 'in_unit', unitId: named.id };
  const home = HOME.test(text);
  const place = placeSaid(text);
  const building = BUILDING.exec(text);
  const entrance = building && /(\d{1,2})\s*单元/.exec(text);
  if (!home && (place || building || u.scope === 'public')) {
    // a place every building has is in the owner's own building when none is said
    const b = building?.[1] ?? (place && IN_A_BUILDING.test(place) ? ownBuilding(units) : undefined);
    const location = place
      ? `${b ? `${b}栋` : ''}${entrance ? `${entrance[1]}单元` : ''}${place}`
      : building
        ? `${building[1]}栋${entrance ? `${entrance[1]}单元` : ''}`
        : u.location;
    if (location) return { scope: 'public', location, ...(!building && b ? { assumed: true } : {}) };
  }
  if (units[0]) return { scope: 'in_unit', unitId: units[0].id };
  return { scope: 'public' };
}

/** Places every building has: "楼道" alone is in the reporter's building. */
const IN_A_BUILDING = /^(电梯|楼道|楼梯|走廊|单元门|门禁|信箱|天台|楼顶|地下室|消防通道|大堂|楼下|楼前|楼后)/;

/** The first run of adjacent place words, as written: "小区门口", "楼道", "楼下". */
const placeSaid = (text: string) => firstPlace(text, [...lexicon().publicPlaces, ...OUTSIDE]);

const ownBuilding = (units: OwnerUnit[]) =>
  units.length === 1 ? findUnitAddress(units[0]!.label)?.address.building : undefined;

/**
 * A danger is registered the moment it is told: safety advice first, then an urgent ticket with
 * what is known (the place said or the owner's unit, their phone), which the department
 * supervisor and zone manager hear of at once (src/ticket-events/create.ts). Nothing is asked
 * before: an owner leaving a gas-filled flat will not answer "1". A public danger already
 * reported (an urgent order) joins that ticket instead; an ordinary one there does not take it.
 */
export async function registerDanger(
  ctx: ChatContext,
  u: Pick<Understanding, 'scope' | 'location' | 'category' | 'department'>,
  told: { text: string; original: string },
  hazard: Hazard,
  /** `advised`: the advice was given already; `description`: what the order says, if not `told`. */
  opts: { advised?: boolean; description?: string } = {},
): Promise<void> {
  const { units, phone } = await ownerProfile(ctx);
  const where = dangerPlace(told.text, u, units);
  // what to do now, for a home or for a public place ("close your main valve" fits only a home)
  const advice = `safety.${hazard}${where.scope === 'public' && PUBLIC_ADVICE.has(hazard) ? '_public' : ''}`;
  if (!opts.advised) await ctx.say(advice);
  const known = DANGER[hazard];
  const kind = known.kind;
  const { config } = ctx.services;
  const slots = readSlots(told.text, ctx.msg.at, config.timezone, config.bot.appointmentMaxAhead);
  // the model's topic when it agrees on the department ("热水器漏气": gas), else the danger's
  const category =
    kind === 'repair' && u.category && u.department === known.department ? u.category : known.category;
  const key = reportKey(ctx.conversationKey, ctx);
  // a second report of the same danger in a public place joins the first, an urgent order only:
  // a repair joins an urgent repair there; someone shut in a lift joins the help order for that
  // lift (never a plain repair of it, which would leave the person without the urgent alert);
  // other cries for help are orders of their own; a place only taken to be the owner's building
  // ("电梯里有人被困" from an owner of 4栋) joins nothing: the next message may say another one
  const joinable = (kind === 'repair' || hazard === 'trapped') && !where.assumed;
  if (
    joinable &&
    where.scope === 'public' &&
    where.location &&
    (await joinedOpenReport(
      ctx,
      { category, location: where.location, description: told.original, kind },
      key,
      true,
    ))
  )
    return;
  const ticket = await createFromFlow(
    ctx,
    key,
    {},
    {
      kind,
      department: known.department,
      category,
      scope: where.scope,
      unitId: where.unitId,
      location: where.scope === 'public' ? (where.location ?? ctx.t('flow.unknown_place')) : undefined,
      phone: slots.phone ?? phone,
      description: opts.description ?? told.original,
      urgency: 'urgent',
    },
  );
  // a bare cry ("救命"): what they say next is where they are and what happened; any other
  // danger: where it is, when that is what they say next ("在6栋电梯")
  if (ctx.actor?.personId)
    cries.set(ctx.actor.personId, {
      number: ticket.number,
      at: ctx.msg.at.getTime(),
      bare: hazard === 'sos',
    });
  await ctx.say(
    'chat.danger_registered',
    {
      number: ticket.number,
      kind: ctx.t(`ticket.kind.${kind}`),
      department: ctx.t(`department.${known.department}`),
    },
    { ticketNumber: ticket.number },
  );
}

/** Owners whose bare cry for help was just registered: person id → its ticket, when (this process). */
const cries = new Map<string, { number: string; at: number; bare: boolean }>();

/** "在6栋电梯", "5栋2单元楼梯间", "3号楼": a short message naming where. */
const saysWhere = (text: string) =>
  text.length <= 20 && Boolean(BUILDING.test(text) || placeSaid(text) || findUnitAddress(text));

/** A lift said as the place of a cry for help ("3栋电梯里"): someone is shut in it. */
const LIFT = /电梯|升降梯|\b(lift|elevator)\b/i;

/**
 * The message after a bare cry for help ("救命" → "我在5栋2单元楼梯间，有人晕倒了"), within
 * `bot.addDetailWithin`: where they are and what happened, added to that order (the worker, the
 * supervisor and the zone manager hear it), with the advice for the danger it tells, if any. A
 * public place said becomes the order's place and zone (it was registered at the owner's home;
 * add_detail tells the new zone and the old one, and the dispatcher replaces a worker who does
 * not cover it). A cry from a lift ("3栋电梯里") is someone shut in it: besides the guard coming
 * to the person, engineering gets its own urgent order for the lift, as a lift reported stuck
 * would (elevators are engineering's; a public facility's department is told within 5 minutes
 * and on site within 10, seed 003 §4).
 * False: no cry awaits its detail.
 */
export async function addToCryForHelp(ctx: ChatContext, told: { text: string; original: string }) {
  const id = ctx.actor?.personId;
  const cry = id ? cries.get(id) : undefined;
  if (!id || !cry) return false;
  cries.delete(id);
  if (!cry.bare && !saysWhere(told.text)) return false;
  if (ctx.msg.at.getTime() - cry.at > ctx.services.config.bot.addDetailWithin) return false;
  const note = told.original.trim().slice(0, 500);
  if (note.length < 2) return false;
  // a public place said ("3栋电梯里") is where the order is now, not the owner's home
  const { units } = await ownerProfile(ctx);
  const where = dangerPlace(told.text, { scope: undefined, location: undefined }, units);
  const location = where.scope === 'public' ? where.location : undefined;
  const found = hazardIn(told.text);
  const inLift = found === 'trapped' || (!!location && LIFT.test(location) && (!found || found === 'sos'));
  const hazard = inLift ? 'trapped' : found;
  if (hazard && hazard !== 'sos') await ctx.say(`safety.${hazard}`);
  const added = await ctx.services.tickets
    .fire(ctx.actor, cry.number, 'add_detail', { note, ...(location ? { location } : {}) })
    .catch(() => undefined); // closed or cancelled meanwhile: read as a message of its own
  if (!added) return false;
  await ctx.say('chat.sos_detail_added', { number: cry.number }, { ticketNumber: cry.number });
  // shut in a lift: the lift is engineering's to open, on an order of its own
  if (inLift && location)
    await registerDanger(ctx, { scope: 'public', location }, told, 'trapped', {
      advised: true,
      description: added.description,
    });
  return true;
}
