import type { Department, TicketKind } from '../../domain/roles.js';

/**
 * The topics a report can be about, each with the department that handles it. The corpus labels
 * (flows/corpus/understanding.tsv) use exactly these ids; flows/lexicon.json lists the same ids with
 * their words (used for the repair menu and as hints).
 */
export const CATEGORY_DEPARTMENT = {
  plumbing: 'engineering',
  electrical: 'engineering',
  lighting: 'engineering',
  elevator: 'engineering',
  doors: 'engineering',
  gas: 'engineering',
  facility: 'engineering',
  /** Fixtures in an owner's home (a clothes rack, a cupboard, a ceiling): not the estate's facilities. */
  fixtures: 'engineering',
  noise: 'security',
  parking: 'security',
  safety: 'security',
  pets: 'security',
  garbage: 'cleaning',
  greening: 'greening',
  fees: 'customer_service',
  paperwork: 'customer_service',
  renovation: 'customer_service',
  service: 'customer_service',
} as const satisfies Record<string, Department>;
export type Category = keyof typeof CATEGORY_DEPARTMENT;
export const CATEGORIES = Object.keys(CATEGORY_DEPARTMENT) as Category[];

/** Staff an owner names ("保安", "保洁阿姨") and the department they work in. */
const STAFF_WORDS: ReadonlyArray<[RegExp, Department]> = [
  [/保安|门卫|门岗|协管|巡逻|秩序/, 'security'],
  [/保洁|清洁工|清洁阿姨|打扫卫生的/, 'cleaning'],
  [/绿化|园林|园丁|花匠/, 'greening'],
  [/维修|师傅|电工|水电工|工程部|修理工/, 'engineering'],
];

/** The department a named member of staff works in, if the text names one. */
export function staffDepartment(text: string): Department | undefined {
  return STAFF_WORDS.find(([re]) => re.test(text))?.[1];
}

/**
 * The department a report goes to (for a complaint: the one suggested to the CS supervisor).
 * One rule, used both to label the corpus and to answer at run time:
 * - an inquiry is answered by the front desk (customer service), whatever its topic;
 * - a report about service or staff goes to the department of the staff it names;
 * - otherwise the topic's department; with no topic, help goes to security, repairs to
 *   engineering, the rest to customer service.
 */
export function departmentFor(
  kind: TicketKind | undefined,
  category: Category | undefined,
  text: string,
): Department | undefined {
  if (!kind) return undefined;
  if (kind === 'inquiry') return 'customer_service';
  if (category === 'service' || (!category && (kind === 'praise' || kind === 'complaint')))
    return staffDepartment(text) ?? 'customer_service';
  if (category) return CATEGORY_DEPARTMENT[category];
  if (kind === 'help') return 'security';
  if (kind === 'repair') return 'engineering';
  return 'customer_service';
}
