import { randomInt } from 'node:crypto';
import { Types } from 'mongoose';
import { z } from 'zod';
import { BindingCode, ChatIdentity, Person, Unit, unitLabel, Zone } from '../data/models/index.js';
import { hasRole, type Actor } from '../domain/actor.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../domain/errors.js';
import { DEPARTMENTS, STAFF_ROLES, type Role } from '../domain/roles.js';
import { claim } from '../data/claims.js';
import { objectId } from './schemas.js';
import { parse } from './validate.js';

const oid = (id: string) => new Types.ObjectId(id);

export const issueCodeInput = z.discriminatedUnion('purpose', [
  z.object({ purpose: z.literal('staff'), personId: objectId }).strict(),
  z
    .object({
      purpose: z.literal('room'),
      roomPurpose: z.enum(['owners', 'staff', 'department']),
      zoneId: objectId.optional(),
      department: z.enum(DEPARTMENTS).optional(),
    })
    .strict()
    .refine((r) => r.roomPurpose !== 'owners' || r.zoneId, 'zoneId: required for an owners group')
    .refine(
      (r) => r.roomPurpose !== 'department' || r.department,
      'department: required for a department group',
    ),
]);

export interface OwnerDecision {
  approved: boolean;
  /** Who decided: the zone manager's side, or a member of the household. */
  by: 'staff' | 'household';
  name: string;
  unit: string;
  platform: string;
  contactId: string;
  unitId?: string;
}

/** A random six-digit one-time code. */
export const newCode = () => String(randomInt(100000, 1000000));

/**
 * One-time codes: staff bind their chat account with one (工号绑定), supervisors register a group
 * with one (绑定本群), and an owner's binding that does not match the records waits on one for
 * the zone manager (同意 / 拒绝, or the API).
 */
export class BindingService {
  /** @param ttlMs how long a code stays valid (`bot.bindingCodeTtl`). */
  constructor(private readonly ttlMs: number) {}

  async issue(actor: Actor, input: unknown): Promise<{ code: string; expiresAt: Date }> {
    if (actor.kind !== 'admin' && !hasRole(actor, 'cs_supervisor', 'director')) throw new ForbiddenError();
    const d = parse(issueCodeInput, input);
    let communityId: Types.ObjectId | undefined;
    if (d.purpose === 'staff') {
      const person = await Person.findOne({ _id: oid(d.personId), active: true }).lean();
      if (!person || !person.roles.some((r) => STAFF_ROLES.includes(r as Role)))
        throw new ValidationError(['personId: not an active staff member']);
      communityId = person.communityId;
    } else if (d.zoneId) {
      const zone = await Zone.findById(d.zoneId).lean();
      if (!zone) throw new NotFoundError('zone', { id: d.zoneId });
      communityId = zone.communityId;
    } else {
      communityId = actor.communityId ? oid(actor.communityId) : (await Zone.findOne().lean())?.communityId;
    }
    if (!communityId) throw new ValidationError(['communityId: cannot tell which community']);
    if (actor.communityId && String(communityId) !== actor.communityId)
      throw new ForbiddenError('wrong_community');
    const expiresAt = new Date(Date.now() + this.ttlMs);
    for (let attempt = 0; ; attempt++) {
      const code = newCode();
      try {
        await BindingCode.create({
          code,
          communityId,
          expiresAt,
          createdBy: actor.personId ?? actor.kind,
          ...(d.purpose === 'staff'
            ? { purpose: 'staff', personId: oid(d.personId) }
            : {
                purpose: 'room',
                roomPurpose: d.roomPurpose,
                zoneId: d.zoneId ? oid(d.zoneId) : undefined,
                department: d.department,
              }),
        });
        return { code, expiresAt };
      } catch (err) {
        if (attempt > 5) throw err;
      }
    }
  }

  /**
   * Uses a one-time code once: the code must be unused, unexpired and of this purpose, and its use
   * is claimed by a unique insert (a conditional update is not atomic on FerretDB), so of two
   * simultaneous redemptions exactly one gets the code. Undefined for anything else.
   */
  async redeem(code: string, purpose: 'staff' | 'room' | 'owner', by: string) {
    const row = await BindingCode.findOne({ code, purpose, usedAt: null }).lean();
    if (!row || row.expiresAt < new Date()) return undefined;
    if (!(await claim(`binding:${row._id}`, by))) return undefined;
    await BindingCode.updateOne({ _id: row._id }, { $set: { usedAt: new Date(), usedBy: by } });
    return row;
  }

  /** Revokes an unused code of the actor's community (it is used up, by `revoked:<who>`). */
  async revoke(actor: Actor, code: string): Promise<{ code: string; revoked: true }> {
    if (actor.kind !== 'admin' && !hasRole(actor, 'cs_supervisor', 'director')) throw new ForbiddenError();
    const row = await BindingCode.findOne({ code, usedAt: null }).lean();
    if (!row || (actor.kind !== 'admin' && String(row.communityId) !== actor.communityId))
      throw new NotFoundError('binding_code');
    const by = `revoked:${actor.userId ?? actor.personId ?? actor.kind}`;
    if (!(await claim(`binding:${row._id}`, by))) throw new NotFoundError('binding_code');
    await BindingCode.updateOne({ _id: row._id }, { $set: { usedAt: new Date(), usedBy: by } });
    return { code, revoked: true };
  }

  /**
   * A pending owner binding is approved or rejected by the zone manager (or customer service), or
   * by a member of the household it claims (owner or family, already bound, not the claimant):
   * a household that has a chat identity is not taken over without it.
   */
  async decideOwner(actor: Actor, code: string, approve: boolean): Promise<OwnerDecision> {
    const staff = actor.kind === 'admin' || hasRole(actor, 'zone_manager', 'cs_supervisor', 'front_desk');
    const household = actor.kind === 'person' && hasRole(actor, 'owner', 'family');
    if (!staff && !household) throw new ForbiddenError();
    const pending = await BindingCode.findOne({ code, purpose: 'owner', usedAt: null }).lean();
    const byStaff =
      staff &&
      pending &&
      (actor.kind === 'admin' ||
        (String(pending.communityId) === actor.communityId &&
          (!hasRole(actor, 'zone_manager') ||
            hasRole(actor, 'cs_supervisor', 'front_desk') ||
            actor.zoneIds.includes(String(pending.zoneId)))));
    const byHousehold =
      household &&
      pending?.claim &&
      actor.unitIds.includes(String(pending.claim.unitId)) &&
      actor.personId !== undefined &&
      !(await ChatIdentity.exists({
        platform: pending.claim.platform,
        contactId: pending.claim.contactId,
        personId: oid(actor.personId),
      }));
    // the same answer for a code that does not exist and one that is not the actor's to decide
    if (!pending || !(byStaff || byHousehold) || !pending.claim) throw new NotFoundError('binding_code');
    const row = await this.redeem(code, 'owner', actor.personId ?? actor.kind);
    if (!row?.claim) throw new NotFoundError('binding_code');
    await BindingCode.updateOne({ _id: row._id }, { $set: { decision: approve ? 'approved' : 'rejected' } });
    const request = row.claim;
    const unit = (await Unit.findById(request.unitId).lean())!;
    const label = unitLabel(unit);
    if (approve) {
      let person = await Person.findOne({
        'units.unitId': unit._id,
        name: request.name ?? '',
        active: true,
      }).lean();
      if (!person) {
        // ($elemMatch on sub-documents is not in FerretDB v1's subset: checked here instead.)
        const household = await Person.find({ 'units.unitId': unit._id, active: true }, { units: 1 }).lean();
        const hasOwner = household.some((h) =>
          h.units.some((u) => String(u.unitId) === String(unit._id) && u.relation === 'owner'),
        );
        const relation = hasOwner ? 'family' : 'owner';
        const created = await Person.create({
          communityId: unit.communityId,
          name: request.name ?? '',
          phone: request.phone ?? undefined,
          roles: [relation],
          units: [{ unitId: unit._id, relation }],
        });
        person = created.toObject() as unknown as typeof person;
      }
      await ChatIdentity.updateOne(
        { platform: request.platform, contactId: request.contactId },
        {
          $set: {
            personId: person!._id,
            displayName: request.displayName,
            alias: label,
            boundAt: new Date(),
          },
        },
        { upsert: true },
      );
    }
    return {
      approved: approve,
      by: byStaff ? 'staff' : 'household',
      name: request.name ?? '',
      unit: label,
      platform: request.platform ?? '',
      contactId: request.contactId ?? '',
      unitId: String(unit._id),
    };
  }
}
