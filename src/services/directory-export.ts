import type { Types } from 'mongoose';
import { BindingCode, Person, Room, Unit, Zone } from '../data/models/index.js';
import type { Actor } from '../domain/actor.js';
import type { Table } from '../reports/export.js';
import { inCommunity } from './community-scope.js';
import { IMPORT_COLUMNS } from './import-service.js';

const joinList = (xs: readonly unknown[] | undefined) => (xs ?? []).map(String).join('|');

/**
 * The directory as tables whose columns are the import's (so an export, edited in Excel, imports
 * back unchanged): people, units and zones; rooms and binding codes for reference.
 */
export class DirectoryExport {
  private async zoneCodes(actor: Actor) {
    const zones = await Zone.find(inCommunity(actor), { code: 1 }).lean();
    return new Map(zones.map((z) => [String(z._id), z.code]));
  }

  async people(actor: Actor): Promise<Table> {
    const [people, codes] = await Promise.all([
      Person.find({ ...inCommunity(actor), active: true })
        .sort({ name: 1, _id: 1 })
        .lean(),
      this.zoneCodes(actor),
    ]);
    const unitIds = people.flatMap((p) => p.units.map((u) => u.unitId));
    const units = new Map(
      (await Unit.find({ _id: { $in: unitIds } }).lean()).map((u) => [String(u._id), u] as const),
    );
    const rows = people.flatMap((p) => {
      const base = {
        name: p.name,
        phone: p.phone,
        roles: joinList(p.roles),
        department: p.department,
        skills: joinList(p.skills),
        zones: (p.zoneIds ?? []).map((z: Types.ObjectId) => codes.get(String(z))).join('|'),
        language: p.language,
      };
      const links = p.units.filter((l) => units.has(String(l.unitId)));
      if (!links.length) return [base];
      return links.map((l) => {
        const u = units.get(String(l.unitId))!;
        return { ...base, building: u.building, entrance: u.entrance, room: u.room, relation: l.relation };
      });
    });
    return {
      keyHeaders: true,
      columns: IMPORT_COLUMNS.people,
      rows,
    };
  }

  async units(actor: Actor): Promise<Table> {
    const [units, codes] = await Promise.all([
      Unit.find({ ...inCommunity(actor), active: true })
        .sort({ building: 1, entrance: 1, room: 1 })
        .lean(),
      this.zoneCodes(actor),
    ]);
    return {
      keyHeaders: true,
      columns: IMPORT_COLUMNS.units,
      rows: units.map((u) => ({ ...u, zone: codes.get(String(u.zoneId)) })),
    };
  }

  async zones(actor: Actor): Promise<Table> {
    const zones = await Zone.find({ ...inCommunity(actor), active: true })
      .sort({ code: 1 })
      .lean();
    return {
      keyHeaders: true,
      columns: IMPORT_COLUMNS.zones,
      rows: zones.map((z) => ({ ...z, buildings: joinList(z.buildings) })),
    };
  }

  async rooms(actor: Actor): Promise<Table> {
    const [rooms, codes] = await Promise.all([
      Room.find({ ...inCommunity(actor), active: true })
        .sort({ topic: 1 })
        .lean(),
      this.zoneCodes(actor),
    ]);
    return {
      keyHeaders: true,
      columns: IMPORT_COLUMNS.rooms,
      rows: rooms.map((r) => ({
        ...r,
        room_id: r.platformRoomId,
        zone: r.zoneId ? codes.get(String(r.zoneId)) : '',
      })),
    };
  }

  async bindingCodes(actor: Actor): Promise<Table> {
    const codes = await BindingCode.find(inCommunity(actor)).sort({ createdAt: -1 }).lean();
    return {
      keyHeaders: true,
      columns: [
        'code',
        'purpose',
        'roomPurpose',
        'department',
        'createdAt',
        'expiresAt',
        'usedAt',
        'decision',
      ],
      rows: codes,
    };
  }
}
