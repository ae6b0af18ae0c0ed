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

/**
 * The skill a worker needs for an order on each topic, as the staff directory writes it (a
 * person's `skills`): the canonical name first (the topic's id), then other names offices use for
 * the same trade. Auto-dispatch gives a topic's order only to a worker with one of these (gas
 * appliances only to licensed workers: domain.md), else to the department's supervisor.
 */
export const CATEGORY_SKILLS = {
  plumbing: ['plumbing', 'water', '水工', '管道', '水电'],
  electrical: ['electrical', 'electrician', '电工', '水电'],
  lighting: ['lighting', 'electrical', 'electrician', '电工', '水电'],
  elevator: ['elevator', 'lift', '电梯'],
  doors: ['doors', 'windows', 'locks', '门窗', '门禁', '锁'],
  gas: ['gas', '燃气'],
  facility: ['facility', 'facilities', '公共设施', '设施'],
  fixtures: ['fixtures', 'carpentry', 'handyman', '木工', '户内设施'],
  noise: ['noise', 'patrol', '秩序', '巡逻'],
  parking: ['parking', '停车', '车辆'],
  safety: ['safety', 'patrol', '巡逻', '安全'],
  pets: ['pets', 'patrol', '巡逻'],
  garbage: ['garbage', 'corridor', 'cleaning', '保洁'],
  greening: ['greening', 'trees', 'lawn', '绿化'],
  fees: ['fees', '收费'],
  paperwork: ['paperwork', '手续'],
  renovation: ['renovation', '装修'],
  service: ['service', '客服'],
} as const satisfies Record<Category, readonly string[]>;

const isCategory = (c: string): c is Category => Object.hasOwn(CATEGORY_DEPARTMENT, c);

/**
 * Whether a worker with these skills is the trade for an order of this category: one of the
 * topic's skill names (CATEGORY_SKILLS); a category that is not a topic (typed by hand in the
 * console) only by the same word. No category: nobody in particular (false).
 */
export function hasSkillFor(
  skills: readonly string[] | null | undefined,
  category: string | null | undefined,
) {
  if (!category) return false;
  const own = new Set((skills ?? []).map((s) => s.trim().toLowerCase()));
  const wanted: readonly string[] = isCategory(category) ? CATEGORY_SKILLS[category] : [category];
  return wanted.some((s) => own.has(s.toLowerCase()));
}

/** Whether orders of this category need a worker with its skill (every topic does). */
export const needsSkill = (category: string | null | undefined): boolean =>
  !!category && isCategory(category);

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
