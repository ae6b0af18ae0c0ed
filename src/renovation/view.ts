import { Unit, unitLabel } from '../data/models/index.js';
import type { RenovationDoc } from './model.js';
import { nextViolationLevel, VIOLATION_LADDER } from './rules.js';

/** What the API shows of an application: ids as strings, the unit in words, the next ladder step. */
export function renovationView(doc: RenovationDoc, unit?: string) {
  return {
    id: doc._id,
    state: doc.state,
    unit: unit ?? '',
    unitId: String(doc.unitId),
    zoneId: String(doc.zoneId),
    applicantId: String(doc.applicantId),
    applicantName: doc.applicantName ?? '',
    relation: doc.relation,
    ownerAuthorization: doc.ownerAuthorization,
    channel: doc.channel,
    company: doc.company,
    scope: doc.scope,
    size: doc.size,
    startDate: doc.startDate,
    endDate: doc.endDate,
    photos: doc.photos,
    reviews: doc.reviews ?? {},
    permitNumber: doc.permitNumber,
    workerPasses: doc.workerPasses,
    extensions: doc.extensions,
    inspections: doc.inspections,
    inspectionTasks: doc.inspectionTasks,
    violations: doc.violations,
    nextViolationLevel:
      doc.violations.length < VIOLATION_LADDER.length
        ? nextViolationLevel(doc.violations.length)
        : 'power_cut',
    acceptances: doc.acceptances,
    acceptedAt: doc.acceptedAt,
    refundDueAt: doc.refundDueAt,
    refundedAt: doc.refundedAt,
    history: doc.history,
    createdAt: doc.createdAt,
  };
}

/** Views of many applications, with their units in words (one query). */
export async function renovationViews(docs: RenovationDoc[]) {
  const units = await Unit.find({ _id: { $in: docs.map((d) => d.unitId) } }).lean();
  const labels = new Map(units.map((u) => [String(u._id), unitLabel(u)]));
  return docs.map((d) => renovationView(d, labels.get(String(d.unitId))));
}
