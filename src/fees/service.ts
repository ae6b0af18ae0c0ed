import { parse as parseCsv } from 'csv-parse/sync';
import { DateTime } from 'luxon';
import { Types } from 'mongoose';
import type { Config } from '../config/schema.js';
import { Person, Unit, unitLabel } from '../data/models/index.js';
import { findUnitAddress } from '../chat/text/unit-address.js';
import type { Actor } from '../domain/actor.js';
import { NotFoundError, ValidationError } from '../domain/errors.js';
import {
  IMPORT_BATCH,
  ImportAbortedError,
  type ImportOptions,
  type ImportReport,
} from '../services/import-service.js';
import { communityFor, inCommunity } from '../services/community-scope.js';
import { parse } from '../services/validate.js';
import { assertZoneWritable, inZones, zoneLimited } from '../services/zone-scope.js';
import { FeeRecord, feeRecordId, type FeeRecordDoc } from './model.js';
import { collectionRate, monthsOf, type RateKind } from './periods.js';
import { arrearsQuery, collectionQuery, feeCsvRow, feeRecordInput } from './schemas.js';

/** The import report of the directory's imports: a row equal to what is stored is `unchanged`, not written. */
export type FeeImportReport = ImportReport;

type StoredFee = FeeRecordDoc & { createdAt?: Date };
const sameFee = (
  a: StoredFee,
  b: { zoneId: unknown; unitLabel: string; amountDue: number; amountPaid: number },
) =>
  String(a.zoneId) === String(b.zoneId) &&
  a.unitLabel === b.unitLabel &&
  a.amountDue === b.amountDue &&
  a.amountPaid === b.amountPaid;

const duplicateOnly = (err: unknown) => {
  const failed = (err as { writeErrors?: Array<{ code?: number; err?: { code?: number } }> }).writeErrors;
  return Boolean(failed?.length) && failed!.every((e) => (e.err?.code ?? e.code) === 11000);
};
const failedIndexes = (err: unknown) =>
  ((err as { writeErrors?: Array<{ index?: number; err?: { index?: number } }> }).writeErrors ?? []).map(
    (e) => e.index ?? e.err?.index ?? -1,
  );

/**
 * One batch of an import, in as few write commands as possible: on FerretDB v1 every write
 * command that touches a document is its own SQLite transaction, so a bulkWrite of 500 updates
 * (or 500 updateOne calls) waits on 500 commits (~0.2 s each on a loaded machine: 466 s for 1,680
 * changed rows). New records go in one insertMany; changed ones are replaced in two commands,
 * a deleteMany by `_id` and an insertMany of the whole records (reminder counts and creation
 * time carried over from the read). A record another writer inserted meanwhile (duplicate key) is
 * updated by its `_id` instead. A process killed between the two commands of a batch leaves
 * that batch's changed records missing until the file is imported again.
 */
async function writeFees(
  inserts: Record<string, unknown>[],
  replaced: Map<string, StoredFee>,
): Promise<void> {
  const later: Record<string, unknown>[] = [];
  if (inserts.length)
    await FeeRecord.insertMany(inserts, { ordered: false }).catch((err) => {
      if (!duplicateOnly(err)) throw err;
      for (const i of failedIndexes(err)) if (inserts[i]) later.push(inserts[i]);
    });
  const docs = [...replaced.values()];
  if (docs.length) {
    await FeeRecord.deleteMany({ _id: { $in: docs.map((d) => d._id) } });
    await FeeRecord.insertMany(docs, { ordered: false }).catch((err) => {
      if (!duplicateOnly(err)) throw err;
      for (const i of failedIndexes(err)) if (docs[i]) later.push(docs[i]);
    });
  }
  for (const doc of later) await FeeRecord.updateOne({ _id: String(doc._id) }, { $set: withoutId(doc) });
}
const withoutId = (doc: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(doc).filter(([k]) => k !== '_id'));

type UnitRow = {
  _id: Types.ObjectId;
  zoneId: Types.ObjectId;
  building: string;
  entrance: string;
  room: string;
};
const unitKey = (b: string, e: string, r: string) => `${b}-${e}-${r}`;
/** Header names finance exports use, in Chinese or English, mapped to the row's fields. */
const HEADERS: Record<string, string> = {
  unit: 'unit',
  房号: 'unit',
  房屋: 'unit',
  period: 'period',
  月份: 'period',
  期间: 'period',
  amountdue: 'amountDue',
  amount_due: 'amountDue',
  due: 'amountDue',
  应收: 'amountDue',
  应收金额: 'amountDue',
  paid: 'paid',
  amountpaid: 'paid',
  实收: 'paid',
  实收金额: 'paid',
};

const view = (r: FeeRecordDoc) => ({
  id: r._id,
  unitId: String(r.unitId),
  zoneId: String(r.zoneId),
  unit: r.unitLabel,
  period: r.period,
  amountDue: r.amountDue,
  amountPaid: r.amountPaid,
  arrears: r.arrears,
  remindersSent: r.remindersSent ?? 0,
  lastRemindedAt: r.lastRemindedAt,
  paidAt: r.paidAt,
});

const fen = (x: number) => Math.round(x * 100) / 100;

/**
 * Fee status (物业费): imported or set per unit and month; the arrears list of a zone manager's
 * zones; collection rates against the targets (monthly, quarterly, yearly).
 */
export class FeeService {
  constructor(private readonly deps: { config: Config; clock?: () => Date }) {}

  private now() {
    return this.deps.clock?.() ?? new Date();
  }

  /** The fields a record gets from a due amount and a paid amount (paid in full: no arrears, paidAt). */
  private amounts(due: number, paid: number, before?: { paidAt?: Date | null }) {
    const arrears = fen(Math.max(0, due - paid));
    return {
      amountDue: due,
      amountPaid: paid,
      arrears,
      paidAt: arrears === 0 ? (before?.paidAt ?? this.now()) : null,
    };
  }

  /** Imports the finance CSV (unit, period, amountDue, paid); bad rows are reported by number. */
  async importCsv(
    actor: Actor,
    csv: string,
    requested?: string,
    opts: ImportOptions = {},
  ): Promise<FeeImportReport> {
    const communityId = await communityFor(actor, requested);
    let rows: Array<Record<string, string>>;
    try {
      rows = parseCsv(csv, {
        columns: (h: string[]) => h.map((c) => HEADERS[c.trim().toLowerCase()] ?? c.trim()),
        bom: true,
        skip_empty_lines: true,
        relax_column_count: true,
        trim: true,
      });
    } catch (err) {
      throw new ValidationError([`csv: ${(err as Error).message}`]);
    }
    const units = new Map(
      (
        await Unit.find({ communityId }, { building: 1, entrance: 1, room: 1, zoneId: 1 }).lean<UnitRow[]>()
      ).map((u) => [unitKey(u.building, u.entrance, u.room), u]),
    );
    const report: FeeImportReport = { created: 0, updated: 0, unchanged: 0, errors: [] };
    // what is there already, read once (any filter but a bare `_id` scans on FerretDB v1)
    const existing = new Map(
      (await FeeRecord.find({ communityId }).lean<StoredFee[]>()).map((d) => [d._id, d]),
    );
    const by = actor.name ?? actor.kind;
    for (let start = 0; start < rows.length; start += IMPORT_BATCH) {
      const inserts: Record<string, unknown>[] = [];
      const replaced = new Map<string, StoredFee>();
      for (const [i, raw] of rows.slice(start, start + IMPORT_BATCH).entries()) {
        const row = start + i + 2; // the header is row 1
        const parsed = feeCsvRow.safeParse(raw);
        if (!parsed.success) {
          const issue = parsed.error.issues[0]!;
          report.errors.push({ row, reason: `${issue.path.join('.') || 'row'}: ${issue.message}` });
          continue;
        }
        const r = parsed.data;
        const address = findUnitAddress(r.unit)?.address;
        const unit = address && units.get(unitKey(address.building, address.entrance, address.room));
        if (!unit) {
          report.errors.push({ row, reason: `unit: no such unit ${JSON.stringify(r.unit)}` });
          continue;
        }
        if (r.paid > r.amountDue) {
          report.errors.push({ row, reason: 'paid: more than amountDue' });
          continue;
        }
        if (zoneLimited(actor) && !actor.zoneIds.includes(String(unit.zoneId))) {
          report.errors.push({ row, reason: 'unit: outside your zones' });
          continue;
        }
        const _id = feeRecordId(unit._id, r.period);
        const before = existing.get(_id);
        const fields = {
          communityId,
          zoneId: unit.zoneId,
          unitId: unit._id,
          unitLabel: unitLabel(unit),
          period: r.period,
          ...this.amounts(r.amountDue, r.paid, before),
        };
        if (before && sameFee(before, fields)) {
          report.unchanged++;
          continue;
        }
        const set = { ...fields, updatedBy: by };
        if (before) replaced.set(_id, { ...before, ...set, updatedAt: this.now() } as StoredFee);
        else inserts.push({ _id, ...set });
        existing.set(_id, { ...before, _id, ...set } as StoredFee);
        report[before ? 'updated' : 'created']++;
      }
      await writeFees(inserts, replaced);
      opts.onProgress?.(Math.min(start + IMPORT_BATCH, rows.length), rows.length);
      if (opts.signal?.aborted && start + IMPORT_BATCH < rows.length) throw new ImportAbortedError(report);
    }
    return report;
  }

  /** Sets one unit's fee for a month (a payment recorded: the reminders stop). */
  async set(actor: Actor, input: unknown) {
    const r = parse(feeRecordInput, input);
    const unit = await Unit.findOne({ _id: new Types.ObjectId(r.unitId), ...inCommunity(actor) }).lean<
      UnitRow & { communityId: Types.ObjectId }
    >();
    if (!unit) throw new NotFoundError('unit', { id: r.unitId });
    assertZoneWritable(actor, String(unit.zoneId));
    const id = feeRecordId(unit._id, r.period);
    const before = await FeeRecord.findById(id, { paidAt: 1 }).lean();
    const doc = await FeeRecord.findOneAndUpdate(
      { _id: id },
      {
        $set: {
          communityId: unit.communityId,
          zoneId: unit.zoneId,
          unitId: unit._id,
          unitLabel: unitLabel(unit),
          period: r.period,
          updatedBy: actor.name ?? actor.kind,
          ...this.amounts(r.amountDue, r.amountPaid, before ?? undefined),
        },
      },
      { upsert: true, returnDocument: 'after' },
    ).lean<FeeRecordDoc>();
    return view(doc!);
  }

  private scope(actor: Actor, zoneId?: string): Record<string, unknown> {
    const filter: Record<string, unknown> = { ...inCommunity(actor), ...inZones(actor) };
    if (zoneId) {
      if (zoneLimited(actor) && !actor.zoneIds.includes(zoneId)) return { _id: null };
      filter.zoneId = new Types.ObjectId(zoneId);
    }
    return filter;
  }

  /** Units in arrears, most owed first, with their owners' names (a zone manager: their zones only). */
  async arrears(actor: Actor, query: unknown) {
    const q = parse(arrearsQuery, query);
    const filter = { ...this.scope(actor, q.zoneId), arrears: { $gt: 0 } };
    if (q.period) Object.assign(filter, { period: q.period });
    let docs = await FeeRecord.find(filter).sort({ arrears: -1, _id: 1 }).lean<FeeRecordDoc[]>();
    if (q.q) docs = docs.filter((d) => d.unitLabel.includes(q.q!));
    const page = docs.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
    const owners = await Person.find(
      { 'units.unitId': { $in: page.map((d) => d.unitId) }, active: true },
      { name: 1, units: 1 },
    ).lean();
    const items = page.map((d) => ({
      ...view(d),
      owners: owners
        .filter((p) => p.units.some((u) => String(u.unitId) === String(d.unitId) && u.relation === 'owner'))
        .map((p) => p.name),
    }));
    const total = fen(docs.reduce((s, d) => s + d.arrears, 0));
    return { items, total: docs.length, totalArrears: total, page: q.page, pageSize: q.pageSize };
  }

  /** The month's, quarter's and year's collection rates up to `month`, against the targets. */
  async collection(actor: Actor, query: unknown) {
    const q = parse(collectionQuery, query);
    const month =
      q.month ?? DateTime.fromJSDate(this.now()).setZone(this.deps.config.timezone).toFormat('yyyy-LL');
    const filter = this.scope(actor, q.zoneId);
    const year = monthsOf('yearly', month);
    const records = await FeeRecord.find(
      { ...filter, period: { $in: year } },
      { period: 1, amountDue: 1, amountPaid: 1 },
    ).lean();
    const t = this.deps.config.targets;
    const targets: Record<RateKind, number> = {
      monthly: t.feeCollectionMonthly,
      quarterly: t.feeCollectionQuarterly,
      yearly: t.feeCollectionYearly,
    };
    const rates = (['monthly', 'quarterly', 'yearly'] as const).map((kind) => {
      const months = new Set(monthsOf(kind, month));
      const rs = records.filter((r) => months.has(r.period));
      const rate = collectionRate(rs);
      return {
        kind,
        rate,
        target: targets[kind],
        met: rate === null ? null : rate >= targets[kind],
        due: fen(rs.reduce((s, r) => s + r.amountDue, 0)),
        paid: fen(rs.reduce((s, r) => s + Math.min(r.amountPaid, r.amountDue), 0)),
      };
    });
    return { month, rates };
  }
}
