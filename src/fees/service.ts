import { parse as parseCsv } from 'csv-parse/sync';
import { DateTime } from 'luxon';
import { Types } from 'mongoose';
import type { Config } from '../config/schema.js';
import { Person, Unit, unitLabel } from '../data/models/index.js';
import { findUnitAddress } from '../chat/text/unit-address.js';
import type { Actor } from '../domain/actor.js';
import { NotFoundError, ValidationError } from '../domain/errors.js';
import { ImportAbortedError, type ImportOptions, type ImportReport } from '../services/import-service.js';
import { KeyedSerial } from '../services/keyed-serial.js';
import { communityFor, inCommunity } from '../services/community-scope.js';
import { assertMonthAhead } from '../services/input-rules.js';
import { parse } from '../services/validate.js';
import { assertZoneWritable, inZones, zoneLimited } from '../services/zone-scope.js';
import { dropStale, isCurrent, readCurrentFees, readPointers, replaceMonth, staleRecords } from './ledger.js';
import { FeePeriod, FeeRecord, feePeriodId, feeRecordId, type FeeRecordDoc } from './model.js';
import { collectionRate, monthsOf, type RateKind } from './periods.js';
import { arrearsQuery, collectionQuery, feeCsvRow, feeRecordInput } from './schemas.js';

/** The import report of the directory's imports: a row equal to what is stored is `unchanged`, not written. */
export type FeeImportReport = ImportReport;

type StoredFee = FeeRecordDoc & { createdAt?: Date; updatedAt?: Date };
const sameFee = (
  a: StoredFee,
  b: { zoneId: unknown; unitLabel: string; amountDue: number; amountPaid: number },
) =>
  String(a.zoneId) === String(b.zoneId) &&
  a.unitLabel === b.unitLabel &&
  a.amountDue === b.amountDue &&
  a.amountPaid === b.amountPaid;

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
  id: feeRecordId(r.unitId, r.period),
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

/** The message of the ValidationError `check` throws, for an import's row report. */
function problemOf(check: () => void): string | undefined {
  try {
    check();
    return undefined;
  } catch (err) {
    if (err instanceof ValidationError) return err.issues.join('; ');
    throw err;
  }
}

/**
 * Fee status (物业费): imported or set per unit and month; the arrears list of a zone manager's
 * zones; collection rates against the targets (monthly, quarterly, yearly).
 */
export class FeeService {
  /** A community's imports and single writes, one after another (each reads what the last wrote). */
  private readonly serial = new KeyedSerial();

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
    return this.serial.run(String(communityId), () => this.importRows(actor, communityId, rows, units, opts));
  }

  /**
   * Compares every row with the current records in memory, then writes each month that changed
   * as a whole new generation (src/fees/ledger.ts): a crash at any point leaves each month as it
   * was before or after, never without its records. Unchanged months are not written.
   */
  private async importRows(
    actor: Actor,
    communityId: Types.ObjectId,
    rows: Array<Record<string, string>>,
    units: Map<string, UnitRow>,
    opts: ImportOptions,
  ): Promise<FeeImportReport> {
    const report: FeeImportReport = { created: 0, updated: 0, unchanged: 0, errors: [] };
    // what is there already, read once (any filter but a bare `_id` scans on FerretDB v1)
    const pointers = await readPointers(communityId);
    const stored = await FeeRecord.find({ communityId }).lean<StoredFee[]>();
    await dropStale(staleRecords(stored, pointers, this.now()));
    const existing = new Map(
      stored.filter((d) => isCurrent(d, pointers)).map((d) => [feeRecordId(d.unitId, d.period), d]),
    );
    /** The generation each month with records has now (replaced, then deleted, by the import). */
    const previous = new Map([...existing.values()].map((d) => [d.period, d.importId ?? '']));
    const now = this.now();
    const by = actor.name ?? actor.kind;
    /** The months to write, in the file's order, with what each adds to the report once written. */
    const months = new Map<string, { created: number; updated: number; lastRow: number }>();
    for (const [i, raw] of rows.entries()) {
      const row = i + 2; // the header is row 1
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
      const tooFar = problemOf(() => assertMonthAhead('period', r.period, now));
      if (tooFar) {
        report.errors.push({ row, reason: tooFar });
        continue;
      }
      if (zoneLimited(actor) && !actor.zoneIds.includes(String(unit.zoneId))) {
        report.errors.push({ row, reason: 'unit: outside your zones' });
        continue;
      }
      const key = feeRecordId(unit._id, r.period);
      const before = existing.get(key);
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
      const record = before
        ? { ...before, ...fields, updatedBy: by, updatedAt: now }
        : { ...fields, remindersSent: 0, updatedBy: by, createdAt: now, updatedAt: now };
      existing.set(key, record as StoredFee);
      const month = months.get(r.period) ?? { created: 0, updated: 0, lastRow: row };
      month[before ? 'updated' : 'created']++;
      month.lastRow = row;
      months.set(r.period, month);
    }
    let written = 0;
    for (const [period, month] of months) {
      if (opts.signal?.aborted) throw new ImportAbortedError(report);
      const records = [...existing.values()].filter((d) => d.period === period);
      await replaceMonth(communityId, period, records, now, { previous: previous.get(period) });
      report.created += month.created;
      report.updated += month.updated;
      opts.onProgress?.(Math.max(written, month.lastRow - 1), rows.length);
      written = Math.max(written, month.lastRow - 1);
    }
    opts.onProgress?.(rows.length, rows.length);
    return report;
  }

  /** Sets one unit's fee for a month (a payment recorded: the reminders stop). */
  async set(actor: Actor, input: unknown) {
    const r = parse(feeRecordInput, input);
    assertMonthAhead('period', r.period, this.now());
    const unit = await Unit.findOne({ _id: new Types.ObjectId(r.unitId), ...inCommunity(actor) }).lean<
      UnitRow & { communityId: Types.ObjectId }
    >();
    if (!unit) throw new NotFoundError('unit', { id: r.unitId });
    assertZoneWritable(actor, String(unit.zoneId));
    // into the month's current generation, never while an import of the community writes a new one
    return this.serial.run(String(unit.communityId), async () => {
      const pointer = await FeePeriod.findById(feePeriodId(unit.communityId, r.period), {
        importId: 1,
      }).lean();
      const importId = pointer?.importId ?? '';
      const id = feeRecordId(unit._id, r.period, importId);
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
            ...(importId ? { importId } : {}),
            ...this.amounts(r.amountDue, r.amountPaid, before ?? undefined),
          },
        },
        { upsert: true, returnDocument: 'after' },
      ).lean<FeeRecordDoc>();
      return view(doc!);
    });
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
    let docs = await readCurrentFees(filter, {
      communityId: actor.communityId,
      sort: { arrears: -1, _id: 1 },
    });
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
    const records = await readCurrentFees(
      { ...filter, period: { $in: year } },
      { communityId: actor.communityId, projection: { period: 1, amountDue: 1, amountPaid: 1 } },
    );
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
