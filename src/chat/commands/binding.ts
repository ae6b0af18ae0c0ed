import { Types } from 'mongoose';
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
    const person = await Person.findOne({ 'units.unitId': unit._id, name: p.name, active: true }).lean();
    if (person && person.phone === p.phone) {
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
    const managers = await recipientsFor(
      { communityId: unit.communityId, zoneId: unit.zoneId } as never,
      'zone_manager',
    );
    for (const m of managers) {
      await ctx.services.notifier.notify({
        personId: m.personId,
        audience: 'staff',
        text: translator(m.language)('bind.approval_request', {
          code,
          unit: label,
          name: p.name,
          phone: p.phone,
        }),
        reason: 'binding approval',
        dedupeKey: `bind:${code}:${m.personId}`,
      });
    }
    await ctx.say('bind.owner_pending', { unit: label }, { private: true });
  },
});

/** 同意 123456 / 拒绝 123456: the zone manager decides a pending owner binding. */
export const approveBinding = command<{ approve: boolean; code: string }>({
  name: 'approve-binding',
  match({ text }) {
    const m = /^(同意|批准|通过|拒绝|驳回)\s*(\d{6})$/.exec(text);
    return m ? { approve: !/拒绝|驳回/.test(m[1]!), code: m[2]! } : undefined;
  },
  async handle(ctx, p) {
    if (!ctx.actor || !ctx.isStaff) return void (await ctx.say('chat.not_allowed'));
    const d = await ctx.services.bindings.decideOwner(ctx.actor, p.code, p.approve);
    if (d.approved) await ctx.transport?.setAlias?.(d.contactId, d.unit).catch(() => undefined);
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
