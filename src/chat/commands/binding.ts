import { Types } from 'mongoose';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import {
  BindingCode,
  ChatIdentity,
  Community,
  Person,
  Room,
  Unit,
  unitLabel,
} from '../../data/models/index.js';
import { queueChatMessage } from '../../notify/outbox.js';
import { recipientsFor } from '../../notify/recipients.js';
import { translator } from '../../i18n.js';
import { command } from '../command.js';
import { newCode } from '../../services/binding-service.js';
import type { ChatContext } from '../context.js';
import { findMobile, findUnitAddress, type UnitAddress } from '../text/unit-address.js';

const OWNER_BIND = /^绑定(?!本群)\s*(.+)$/;
const NAME = /([\u4e00-\u9fa5]{2,5})/;

/** Links the speaker's chat contact to a person (and sets the contact's remark where allowed). */
async function bindIdentity(ctx: ChatContext, personId: Types.ObjectId | string, remark?: string) {
  await ChatIdentity.updateOne(
    { platform: ctx.msg.platform, contactId: ctx.msg.talkerId },
    {
      $set: {
        personId: new Types.ObjectId(String(personId)),
        displayName: ctx.msg.talkerName,
        boundAt: new Date(),
        lastSeenAt: new Date(),
        ...(remark ? { alias: remark } : {}),
      },
    },
    { upsert: true },
  );
  if (remark) await ctx.transport?.setAlias?.(ctx.msg.talkerId, remark).catch(() => undefined);
}

/** 绑定 3栋2单元1201 张伟 13800138000: verified at once when name and phone match the household. */
export const ownerBind = command<{ address?: UnitAddress; name?: string; phone?: string }>({
  name: 'bind-owner',
  open: true,
  match({ text }) {
    const m = OWNER_BIND.exec(text);
    if (!m) return undefined;
    const found = findUnitAddress(m[1]!);
    const phone = findMobile(m[1]!);
    const rest = (found?.rest ?? m[1]!).replace(phone ?? '', '');
    return { address: found?.address, name: NAME.exec(rest)?.[1], phone };
  },
  async handle(ctx, p) {
    if (!p.address || !p.name || !p.phone)
      return void (await ctx.say('bind.owner_usage', {}, { private: true }));
    const community = ctx.room?.communityId ?? (await defaultCommunity());
    const unit = await Unit.findOne({ communityId: community, ...p.address, active: true }).lean();
    if (!unit) return void (await ctx.say('bind.unit_unknown', {}, { private: true }));
    const label = unitLabel(unit);
    if (!(await bindingAttempt(ctx.msg.platform, ctx.msg.talkerId, String(unit._id))))
      return void (await ctx.say('binding.too_many', {}, { private: true }));
    const person = await Person.findOne({ 'units.unitId': unit._id, name: p.name, active: true }).lean();
    // a household that already has a bound chat identity is not taken over by name and phone:
    // the claim waits for the zone manager, and the household is told
    const bound = await householdIdentities(unit._id, ctx.msg.platform, ctx.msg.talkerId);
    if (person && person.phone === p.phone && !bound.length) {
      await bindIdentity(ctx, person._id, label);
      return void (await ctx.say('bind.owner_done', { name: person.name, unit: label }, { private: true }));
    }
    const code = newCode();
    await BindingCode.create({
      code,
      purpose: 'owner',
      communityId: unit.communityId,
      zoneId: unit.zoneId,
      claim: {
        platform: ctx.msg.platform,
        contactId: ctx.msg.talkerId,
        displayName: ctx.msg.talkerName,
        unitId: unit._id,
        name: p.name,
        phone: p.phone,
      },
      createdBy: `chat:${ctx.msg.talkerId}`,
      expiresAt: new Date(Date.now() + ctx.services.config.bot.bindingCodeTtl),
    });
    // the household's bound members may confirm (or refuse) it themselves, with the code
    await tellHousehold(
      ctx,
      bound,
      'binding.household_confirm',
      { name: p.name, unit: label, code },
      ctx.msg.id,
    );
    const managers = await recipientsFor(
      { communityId: unit.communityId, zoneId: unit.zoneId } as never,
      'zone_manager',
    );
    for (const m of managers) {
      await ctx.services.notifier.notify({
        personId: m.personId,
        audience: 'staff',
        text: translator(m.language)(bound.length ? 'binding.approval_request' : 'bind.approval_request', {
          code,
          unit: label,
          name: p.name,
          phone: p.phone,
        }),
        reason: 'binding approval',
        dedupeKey: `bind:${code}:${m.personId}`,
      });
    }
    await ctx.say(
      bound.length ? 'binding.owner_pending' : 'bind.owner_pending',
      { unit: label },
      { private: true },
    );
  },
});

const attemptsPerContact = new RateLimiterMemory({ points: 5, duration: 3600 });
const attemptsPerUnit = new RateLimiterMemory({ points: 10, duration: 3600 });

/** Owner binding attempts: 5 an hour per chat contact, 10 an hour per unit (in memory). */
async function bindingAttempt(platform: string, contactId: string, unitId: string): Promise<boolean> {
  try {
    await attemptsPerContact.consume(`${platform}:${contactId}`);
    await attemptsPerUnit.consume(unitId);
    return true;
  } catch {
    return false;
  }
}

/** People of the unit's household with a chat identity on this platform other than `except`. */
async function householdIdentities(unitId: Types.ObjectId, platform: string, except: string) {
  const household = await Person.find({ 'units.unitId': unitId, active: true }, { _id: 1 }).lean();
  if (!household.length) return [];
  const ids = await ChatIdentity.find(
    { platform, personId: { $in: household.map((h) => h._id) } },
    { personId: 1, contactId: 1 },
  ).lean();
  return ids.filter((i) => i.contactId !== except && i.personId);
}

/** Tells every bound member of a household about a binding to it (once per cause). */
async function tellHousehold(
  ctx: { services: ChatContext['services'] },
  bound: Array<{ personId?: unknown }>,
  key: 'binding.household_confirm' | 'binding.household_bound' | 'binding.household_bound_confirmed',
  params: Record<string, string>,
  cause: string,
) {
  const people = [...new Set(bound.map((b) => String(b.personId)))];
  for (const personId of people) {
    await ctx.services.notifier.notify({
      personId,
      audience: 'owner',
      text: translator(undefined)(key, params),
      reason: 'household binding',
      dedupeKey: `household:${cause}:${personId}`,
    });
  }
}

/**
 * 同意 123456 / 拒绝 123456: the zone manager decides a pending owner binding, or a bound member of
 * the household it claims confirms or refuses it.
 */
export const approveBinding = command<{ approve: boolean; code: string }>({
  name: 'approve-binding',
  match({ text }) {
    const m = /^(同意|批准|通过|拒绝|驳回)\s*(\d{6})$/.exec(text);
    return m ? { approve: !/拒绝|驳回/.test(m[1]!), code: m[2]! } : undefined;
  },
  async handle(ctx, p) {
    if (!ctx.actor) return void (await ctx.say('chat.not_allowed'));
    const d = await ctx.services.bindings.decideOwner(ctx.actor, p.code, p.approve);
    if (d.approved) await ctx.transport?.setAlias?.(d.contactId, d.unit).catch(() => undefined);
    if (d.approved && d.unitId) {
      // everyone bound to the household hears of the new binding (the one who confirmed it is answered)
      const bound = (await householdIdentities(new Types.ObjectId(d.unitId), d.platform, d.contactId)).filter(
        (b) => d.by === 'staff' || String(b.personId) !== ctx.actor!.personId,
      );
      await tellHousehold(
        ctx,
        bound,
        d.by === 'staff' ? 'binding.household_bound' : 'binding.household_bound_confirmed',
        { name: d.name, unit: d.unit, by: ctx.actor.name ?? '' },
        `approved:${p.code}`,
      );
    }
    await ctx.say(d.approved ? 'bind.approved' : 'bind.rejected', { name: d.name, unit: d.unit });
    await queueChatMessage({
      key: `bind:${p.code}:answer`,
      contactId: d.contactId,
      text: translator(undefined)(d.approved ? 'bind.owner_done' : 'bind.owner_rejected', {
        name: d.name,
        unit: d.unit,
      }),
      audience: 'owner',
      reason: 'binding decision',
    });
  },
});

/** 工号绑定 123456: a staff member redeems the one-time code an admin issued for them. */
export const staffBind = command<{ code: string }>({
  name: 'bind-staff',
  open: true,
  match({ text }) {
    const m = /^工号绑定\s*(\d{6})$/.exec(text);
    return m ? { code: m[1]! } : undefined;
  },
  async handle(ctx, p) {
    const code = await ctx.services.bindings.redeem(p.code, 'staff', ctx.msg.talkerId);
    if (!code?.personId) return void (await ctx.say('bind.code_unknown', {}, { private: true }));
    const person = await Person.findById(code.personId).lean();
    await bindIdentity(ctx, code.personId, person?.name);
    await ctx.say('bind.staff_done', { name: person?.name ?? '' }, { private: true });
  },
});

/** 绑定本群 123456: a bound staff member registers this group with a one-time code. */
export const roomBind = command<{ code: string }>({
  name: 'bind-room',
  open: true,
  match({ text, inGroup }) {
    const m = /^绑定本群\s*(\d{6})$/.exec(text);
    return m && inGroup ? { code: m[1]! } : undefined;
  },
  async handle(ctx, p) {
    if (!ctx.isStaff) return void (await ctx.say('chat.not_allowed'));
    const pending = await BindingCode.findOne({ code: p.code, purpose: 'room', usedAt: null }).lean();
    if (!pending || String(pending.communityId) !== ctx.actor!.communityId)
      return void (await ctx.say('bind.code_unknown'));
    const code = await ctx.services.bindings.redeem(p.code, 'room', ctx.actor!.personId!);
    if (!code) return void (await ctx.say('bind.code_unknown'));
    await Room.updateOne(
      { platform: ctx.msg.platform, platformRoomId: ctx.msg.roomId },
      {
        $set: {
          topic: ctx.msg.roomTopic ?? ctx.msg.roomId,
          communityId: code.communityId,
          purpose: code.roomPurpose ?? 'owners',
          zoneId: code.zoneId,
          department: code.department,
          active: true,
        },
      },
      { upsert: true },
    );
    await ctx.say('bind.room_done', { purpose: ctx.t(`room.${code.roomPurpose ?? 'owners'}`) });
  },
});

async function defaultCommunity(): Promise<Types.ObjectId | undefined> {
  const all = await Community.find({}, { _id: 1 }).limit(2).lean();
  return all.length === 1 ? all[0]!._id : undefined;
}
