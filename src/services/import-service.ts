import { parse as parseCsv } from 'csv-parse/sync';
import { Types } from 'mongoose';
import { z } from 'zod';
import { Person, Room, Unit, Zone } from '../data/models/index.js';
import { LANGUAGES } from '../config/schema.js';
import { DEPARTMENTS, RELATIONS, ROLES, UNIT_STATES } from '../domain/roles.js';
import { personIssues } from '../domain/person-rules.js';
import { ValidationError } from '../domain/errors.js';
import { phone } from './schemas.js';
import { replaceDocuments, type ReplaceableModel } from '../data/replace-journal.js';

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

type Doc = Record<string, unknown> & { _id: Types.ObjectId };
type UnitLink = { unitId: Types.ObjectId; relation: string };
type AnyModel = ReplaceableModel & {
  find(filter: object): { lean(): PromiseLike<unknown[]> };
};

/** Rows are written in batches of this many (one insertMany; changed documents replaced in one round). */
export const IMPORT_BATCH = 500;

/**
 * Upserts of one file against an index of what is stored, read once: each row is compared in
 * memory (FerretDB v1 scans a whole collection for any query but a bare `_id`, so a lookup per
 * row made a 10,000-row import quadratic), new documents are inserted with insertMany, changed
 * ones replaced whole (read again just before, the row's changes applied: see replaceDocuments,
 * one table read per batch instead of one per update). A row is written only when it is new or differs (so
 * updatedAt stays honest); a key seen twice in a file updates the first.
 */
class BatchUpserter {
  private readonly index = new Map<string, Doc>();
  private inserts: Doc[] = [];
  private updates = new Map<
    string,
    { filter: { _id: Types.ObjectId }; set: Record<string, unknown>; push: UnitLink[] }
  >();

  constructor(
    private readonly model: AnyModel,
    existing: Doc[],
    keyOf: (doc: Doc) => string | undefined,
  ) {
    for (const d of existing) {
      const k = keyOf(d);
      if (k !== undefined && !this.index.has(k)) this.index.set(k, d);
    }
  }

  /** What is stored (or queued) under this key. */
  peek(key: string): Doc | undefined {
    return this.index.get(key);
  }

  get pending(): number {
    return this.inserts.length + this.updates.size;
  }

  upsert(
    key: string,
    insertKey: Record<string, unknown>,
    values: Record<string, unknown>,
    unitLink?: UnitLink,
  ): Outcome {
    const existing = this.index.get(key);
    if (!existing) {
      const doc: Doc = {
        _id: new Types.ObjectId(),
        ...insertKey,
        ...values,
        ...(unitLink ? { units: [unitLink] } : {}),
      };
      this.index.set(key, doc);
      this.inserts.push(doc);
      return 'created';
    }
    const changed = Object.fromEntries(Object.entries(values).filter(([k, v]) => !same(existing[k], v)));
    const links = (existing.units as UnitLink[] | undefined) ?? [];
    const needsLink =
      unitLink &&
      !links.some((l) => String(l.unitId) === String(unitLink.unitId) && l.relation === unitLink.relation);
    if (!Object.keys(changed).length && !needsLink) return 'unchanged';
    Object.assign(existing, changed);
    if (needsLink) existing.units = [...links, unitLink];
    if (!this.inserts.includes(existing)) {
      const u = this.updates.get(String(existing._id)) ?? {
        filter: { _id: existing._id },
        set: {},
        push: [],
      };
      Object.assign(u.set, changed);
      if (needsLink) u.push.push(unitLink);
      this.updates.set(String(existing._id), u);
    }
    return 'updated';
  }

  async flush(): Promise<void> {
    const inserts = this.inserts;
    const updates = [...this.updates.values()];
    this.inserts = [];
    this.updates = new Map();
    if (inserts.length) await this.model.insertMany(inserts, { ordered: false });
    if (!updates.length) return;
    // the stored documents read again (one read per batch), so that a write made since the index
    // was read (a binding, a deactivation) is kept; the row's changes applied on top
    const fresh = new Map(
      ((await this.model.find({ _id: { $in: updates.map((u) => u.filter._id) } }).lean()) as Doc[]).map(
        (d) => [String(d._id), d],
      ),
    );
    const now = new Date();
    const docs = updates.flatMap((u) => {
      const d = fresh.get(String(u.filter._id));
      if (!d) return []; // deleted meanwhile: not brought back
      const units = u.push.length
        ? { units: [...((d.units as UnitLink[] | undefined) ?? []), ...u.push] }
        : {};
      return [{ ...d, ...u.set, ...units, updatedAt: now }];
    });
    await replaceDocuments(this.model, docs);
  }
}

const issueText = (e: z.ZodError) =>
  e.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');

/** Options of an import run. */
export interface ImportOptions {
  /** Stops the run between batches (the client left): what was written stays, re-running is safe. */
  signal?: AbortSignal;
  /** Hears progress after every batch. */
  onProgress?(done: number, total: number): void;
}

export class ImportAbortedError extends Error {
  constructor(readonly report: ImportReport) {
    super('import aborted');
  }
}

/**
 * Reads a CSV, validates each row with `schema`, and lets `apply` import it (queued on `upserter`)
 * or name what is wrong; written every IMPORT_BATCH rows.
 */
async function importRows<T>(
  communityId: string,
  csv: string | Buffer,
  schema: z.ZodType<T>,
  upserter: (community: Types.ObjectId) => Promise<BatchUpserter>,
  apply: (
    row: T,
    ctx: { community: Types.ObjectId; zones: Map<string, Types.ObjectId>; upsert: BatchUpserter },
  ) => Outcome | string,
  opts: ImportOptions = {},
): Promise<ImportReport> {
  const community = new Types.ObjectId(communityId);
  const rows = readRows(csv);
  const zones = new Map((await Zone.find({ communityId: community }).lean()).map((z) => [z.code, z._id]));
  const upsert = await upserter(community);
  const report: ImportReport = { created: 0, updated: 0, unchanged: 0, errors: [] };
  opts.onProgress?.(0, rows.length); // the total is known before the first batch is written
  for (const [i, raw] of rows.entries()) {
    const row = i + 2; // the header is row 1
    const parsed = schema.safeParse(raw);
    const outcome = parsed.success
      ? apply(parsed.data, { community, zones, upsert })
      : issueText(parsed.error);
    if (outcome === 'created' || outcome === 'updated' || outcome === 'unchanged') report[outcome]++;
    else report.errors.push({ row, reason: outcome });
    if (upsert.pending >= IMPORT_BATCH || i === rows.length - 1) {
      await upsert.flush();
      opts.onProgress?.(i + 1, rows.length);
      if (opts.signal?.aborted && i < rows.length - 1) throw new ImportAbortedError(report);
    }
  }
  return report;
}

const unitKey = (b: unknown, e: unknown, r: unknown) => `${String(b)}|${String(e)}|${String(r)}`;
const personKey = (d: { phone?: unknown; name?: unknown } | Doc) =>
  d.phone ? `p:${String(d.phone)}` : `n:${String(d.name)}`;

/**
 * CSV import of units and people. Bad rows are reported by row number and reason; good rows are
 * imported; importing the same file again changes nothing (units keyed by building/entrance/room,
 * people by phone, or by name when they have none).
 */
export class ImportService {
  importUnits(communityId: string, csv: string | Buffer, opts?: ImportOptions): Promise<ImportReport> {
    return importRows(
      communityId,
      csv,
      unitRow,
      async (community) =>
        new BatchUpserter(
          Unit as unknown as AnyModel,
          (await Unit.find({ communityId: community }).lean()) as Doc[],
          (d) => unitKey(d.building, d.entrance, d.room),
        ),
      (r, { community, zones, upsert }) => {
        const zoneId = zones.get(r.zone);
        if (!zoneId) return `zone: unknown zone code ${JSON.stringify(r.zone)}`;
        const key = { communityId: community, building: r.building, entrance: r.entrance, room: r.room };
        return upsert.upsert(unitKey(r.building, r.entrance, r.room), key, {
          zoneId,
          state: r.state,
          active: true,
          ...(r.area ? { area: r.area } : {}),
        });
      },
      opts,
    );
  }

  /** Zones keyed by code; the zone map is read once per file, so zones come before units. */
  importZones(communityId: string, csv: string | Buffer, opts?: ImportOptions): Promise<ImportReport> {
    return importRows(
      communityId,
      csv,
      zoneRow,
      async (community) =>
        new BatchUpserter(
          Zone as unknown as AnyModel,
          (await Zone.find({ communityId: community }).lean()) as Doc[],
          (d) => String(d.code),
        ),
      (r, { community, upsert }) =>
        upsert.upsert(
          r.code,
          { communityId: community, code: r.code },
          { name: r.name, buildings: r.buildings, active: true },
        ),
      opts,
    );
  }

  /** Rooms keyed by platform and platform room id (across communities: one room, one community). */
  importRooms(communityId: string, csv: string | Buffer, opts?: ImportOptions): Promise<ImportReport> {
    return importRows(
      communityId,
      csv,
      roomRow,
      async () =>
        new BatchUpserter(
          Room as unknown as AnyModel,
          (await Room.find({}).lean()) as Doc[],
          (d) => `${String(d.platform)}|${String(d.platformRoomId)}`,
        ),
      (r, { community, zones, upsert }) => {
        const zoneId = r.zone ? zones.get(r.zone) : undefined;
        if (r.zone && !zoneId) return `zone: unknown zone code ${JSON.stringify(r.zone)}`;
        const key = `${r.platform}|${r.room_id}`;
        const other = upsert.peek(key);
        if (other && String(other.communityId) !== String(community))
          return 'room_id: registered in another community';
        return upsert.upsert(
          key,
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
      },
      opts,
    );
  }

  async importPeople(communityId: string, csv: string | Buffer, opts?: ImportOptions): Promise<ImportReport> {
    const units = new Map(
      (
        await Unit.find(
          { communityId: new Types.ObjectId(communityId) },
          { building: 1, entrance: 1, room: 1 },
        ).lean()
      ).map((u) => [unitKey(u.building, u.entrance, u.room), u._id]),
    );
    return importRows(
      communityId,
      csv,
      personRow,
      async (community) =>
        new BatchUpserter(
          Person as unknown as AnyModel,
          (await Person.find({ communityId: community }).lean()) as Doc[],
          (d) => personKey(d),
        ),
      (r, { community, zones, upsert }) => {
        const unknownZone = r.zones.find((z) => !zones.has(z));
        if (unknownZone) return `zones: unknown zone code ${JSON.stringify(unknownZone)}`;
        let unitLink: UnitLink | undefined;
        if (r.building) {
          const unitId = units.get(unitKey(r.building, r.entrance, r.room));
          if (!unitId) return `unit: ${r.building}-${r.entrance}-${r.room} is not imported`;
          unitLink = { unitId, relation: r.relation! };
        }
        const values = {
          name: r.name,
          roles: r.roles,
          skills: r.skills,
          zoneIds: r.zones.map((z) => zones.get(z)!),
          active: true,
          ...(r.department ? { department: r.department } : {}),
          ...(r.language ? { language: r.language } : {}),
        };
        return upsert.upsert(
          personKey(r),
          r.phone ? { communityId: community, phone: r.phone } : { communityId: community },
          values,
          unitLink,
        );
      },
      opts,
    );
  }
}
