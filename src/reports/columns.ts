/** The reports' table columns, in order: the CSV/XLSX exports and the console's tables show these. */
export const RANKING_COLUMNS = [
  'rank',
  'zone',
  'complaints',
  'praises',
  'dissatisfiedCallbacks',
  'ownerScore',
  'inspection',
  'score',
];
export const KPI_COLUMNS = [
  'key',
  'created',
  'completed',
  'ratings',
  'averageRating',
  'satisfactionRate',
  'callbackRate',
  'callbackOnTimeRate',
  'complaints',
  'complaintHandlingRate',
  'reworks',
  'dispatchTimelyRate',
  'arrivalTimelyRate',
  'averageMinutesToAccept',
  'averageMinutesToArrive',
];
