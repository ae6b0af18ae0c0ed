import { parse as parseCsv } from 'csv-parse/sync';
import { Types } from 'mongoose';
import { z } from 'zod';
import { Person, Room, Unit, Zone } from '../data/models/index.js';
import { LANGUAGES } from '../config/schema.js';
import { DEPARTMENTS, RELATIONS, ROLES, UNIT_STATES } from '../domain/roles.js';
import { personIssues } from '../domain/person-rules.js';
import { ValidationError } from '../domain/errors.js';
import { phone } from './schemas.js';

export interface ImportReport {
  created: number;
  updated: number;
  unchanged: number;
  /** Rows not imported, by row number in the file (the header is row 1). */
  errors: Array<{ row: number; reason: string }>;
}

const list = (s: string | undefined) =>
  (s ?? '')
    .split(/[|;、]/)
    .map((x) => x.trim())
    .filter(Boolean);
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optional = <T extends z.ZodType>(t: T) => z.preprocess(blankToUndefined, t.optional());

const unitRow = z.object({
  zone: z.string().trim().min(1, 'zone code is required'),
  building: z.string().trim().min(1, 'building is required').max(20),
  entrance: z.string().trim().min(1, 'entrance is required').max(20),
  room: z.string().trim().min(1, 'room is required').max(20),
  state: optional(z.enum(UNIT_STATES)).default('occupied'),
  area: optional(z.coerce.number().positive().max(10_000)),
});

const zoneRow = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,20}$/, 'code: 1–20 letters, digits, _ or -'),
  name: z.string().trim().min(1, 'name is required').max(40),
  buildings: optional(z.string()).transform(list),
});

const roomRow = z
  .object({
    topic: z.string().trim().min(1, 'topic is required').max(60),
    purpose: z.enum(['owners', 'staff', 'department']),
    zone: optional(z.string().trim()),
    department: optional(z.enum(DEPARTMENTS)),
    platform: optional(z.string().trim().max(20)).default('wechat'),
    room_id: z.string().trim().min(1, "room_id (the chat platform's group id) is required").max(120),
  })
  .refine((r) => r.purpose !== 'owners' || r.zone, 'zone: required for an owners group')
  .refine((r) => r.purpose !== 'department' || r.department, 'department: required for a department group');

const personRow = z
  .object({
    name: z.string().trim().min(1, 'name is required').max(60),
    phone: optional(phone),
    roles: z
      .string()
      .transform(list)
      .pipe(z.array(z.enum(ROLES)).min(1, 'at least one role is required')),
    department: optional(z.enum(DEPARTMENTS)),
    skills: optional(z.string()).transform(list),
    zones: optional(z.string()).transform(list),
    building: optional(z.string().trim().max(20)),
    entrance: optional(z.string().trim().max(20)),
    room: optional(z.string().trim().max(20)),
    relation: optional(z.enum(RELATIONS)),
    language: optional(z.enum(LANGUAGES)),
  })
  .superRefine((r, ctx) => {
    const unitGiven = [r.building, r.entrance, r.room].filter(Boolean).length;
    if (unitGiven && unitGiven < 3)
      ctx.addIssue({ code: 'custom', message: 'building, entrance and room go together' });
    if (unitGiven && !r.relation)
      ctx.addIssue({ code: 'custom', message: 'relation (owner|tenant|family) is required with a unit' });
    for (const message of personIssues(r)) ctx.addIssue({ code: 'custom', message });
  });

/** Each import's columns, in order: the export writes exactly these, so it imports back. */
export const IMPORT_COLUMNS = {
  zones: Object.keys(zoneRow.shape),
  units: Object.keys(unitRow.shape),
  rooms: Object.keys(roomRow.shape),
  people: Object.keys(personRow.shape),
} as const;

function readRows(csv: string | Buffer): Array<Record<string, string>> {
  try {
    return parseCsv(csv, {
      columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    });
  } catch (err) {
    throw new ValidationError([`csv: ${(err as Error).message}`]);
  }
}

type Outcome = 'created' | 'updated' | 'unchanged';
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Writes a row only when it is new or differs from what is stored (so updatedAt stays honest). */
async function upsertRow(
  model: typeof Unit | typeof Person,
  key: Record<string, unknown>,
  values: Record<string, unknown>,
  unitLink?: { unitId: Types.ObjectId; relation: string },
): Promise<Outcome> {
  const existing = (await (model as typeof Unit).findOne(key).lean()) as Record<string, unknown> | null;
  if (!existing) {
    const insertKey = Object.fromEntries(
      Object.entries(key).filter(([, v]) => typeof v !== 'object' || v instanceof Types.ObjectId),
    );
    await (model as unknown as { create(doc: Record<string, unknown>): Promise<unknown> }).create({
      ...insertKey,
      ...values,
      ...(unitLink ? { units: [unitLink] } : {}),
    });
    return 'created';
  }
  const changed = Object.fromEntries(Object.entries(values).filter(([k, v]) => !same(existing[k], v)));
  const links = (existing.units as Array<{ unitId: unknown; relation: string }> | undefined) ?? [];
  const needsLink =
    unitLink &&
    !links.some((l) => String(l.unitId) === String(unitLink.unitId) && l.relation === unitLink.relation);
  if (!Object.keys(changed).length && !needsLink) return 'unchanged';
  await (model as typeof Unit).updateOne(
    { _id: existing._id },
    { $set: changed, ...(needsLink ? { $push: { units: unitLink } } : {}) },
  );
  return 'updated';
}

const issueText = (e: z.ZodError) =>
  e.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');

/**
 * CSV import of units and people. Bad rows are reported by row number and reason; good rows are
 * imported; importing the same file again changes nothing (units keyed by building/entrance/room,
 * people by phone, or by name when they have none).
 */
/** Reads a CSV, validates each row with `schema`, and lets `apply` import it or name what is wrong. */
async function importRows<T>(
  communityId: string,
  csv: string | Buffer,
  schema: z.ZodType<T>,
  apply: (
    row: T,
    ctx: { community: Types.ObjectId; zones: Map<string, Types.ObjectId> },
  ) => Promise<Outcome | string>,
): Promise<ImportReport> {
  const community = new Types.ObjectId(communityId);
  const zones = new Map((await Zone.find({ communityId: community }).lean()).map((z) => [z.code, z._id]));
  const report: ImportReport = { created: 0, updated: 0, unchanged: 0, errors: [] };
  for (const [i, raw] of readRows(csv).entries()) {
    const row = i + 2; // the header is row 1
    const parsed = schema.safeParse(raw);
    const outcome = parsed.success ? await apply(parsed.data, { community, zones }) : issueText(parsed.error);
    if (outcome === 'created' || outcome === 'updated' || outcome === 'unchanged') report[outcome]++;
    else report.errors.push({ row, reason: outcome });
  }
  return report;
}

/**
 * CSV import of units and people. Bad rows are reported by row number and reason; good rows are
 * imported; importing the same file again changes nothing (units keyed by building/entrance/room,
 * people by phone, or by name when they have none).
 */
export class ImportService {
  importUnits(communityId: string, csv: string | Buffer): Promise<ImportReport> {
    return importRows(communityId, csv, unitRow, async (r, { community, zones }) => {
      const zoneId = zones.get(r.zone);
      if (!zoneId) return `zone: unknown zone code ${JSON.stringify(r.zone)}`;
      const key = { communityId: community, building: r.building, entrance: r.entrance, room: r.room };
      return upsertRow(Unit, key, {
        zoneId,
        state: r.state,
        active: true,
        ...(r.area ? { area: r.area } : {}),
      });
    });
  }

  /** Zones keyed by code; the zone map is read once per file, so zones come before units. */
  importZones(communityId: string, csv: string | Buffer): Promise<ImportReport> {
    return importRows(communityId, csv, zoneRow, async (r, { community }) =>
      upsertRow(
        Zone as unknown as typeof Unit,
        { communityId: community, code: r.code },
        {
          name: r.name,
          buildings: r.buildings,
          active: true,
        },
      ),
    );
  }

  /** Rooms keyed by platform and platform room id. */
  importRooms(communityId: string, csv: string | Buffer): Promise<ImportReport> {
    return importRows(communityId, csv, roomRow, async (r, { community, zones }) => {
      const zoneId = r.zone ? zones.get(r.zone) : undefined;
      if (r.zone && !zoneId) return `zone: unknown zone code ${JSON.stringify(r.zone)}`;
      const other = await Room.findOne({ platform: r.platform, platformRoomId: r.room_id }).lean();
      if (other && String(other.communityId) !== String(community))
        return 'room_id: registered in another community';
      return upsertRow(
        Room as unknown as typeof Unit,
        { platform: r.platform, platformRoomId: r.room_id },
        {
          communityId: community,
          topic: r.topic,
          purpose: r.purpose,
          active: true,
          ...(zoneId ? { zoneId } : {}),
          ...(r.department ? { department: r.department } : {}),
        },
      );
    });
  }

  importPeople(communityId: string, csv: string | Buffer): Promise<ImportReport> {
    return importRows(communityId, csv, personRow, async (r, { community, zones }) => {
      const unknownZone = r.zones.find((z) => !zones.has(z));
      if (unknownZone) return `zones: unknown zone code ${JSON.stringify(unknownZone)}`;
      let unitLink: { unitId: Types.ObjectId; relation: string } | undefined;
      if (r.building) {
        const unit = await Unit.findOne({
          communityId: community,
          building: r.building,
          entrance: r.entrance,
          room: r.room,
        }).lean();
        if (!unit) return `unit: ${r.building}-${r.entrance}-${r.room} is not imported`;
        unitLink = { unitId: unit._id, relation: r.relation! };
      }
      const key = r.phone
        ? { communityId: community, phone: r.phone }
        : { communityId: community, name: r.name, phone: { $exists: false } };
      const values = {
        name: r.name,
        roles: r.roles,
        skills: r.skills,
        zoneIds: r.zones.map((z) => zones.get(z)!),
        active: true,
        ...(r.department ? { department: r.department } : {}),
        ...(r.language ? { language: r.language } : {}),
      };
      return upsertRow(Person, key, values, unitLink);
    });
  }
}
