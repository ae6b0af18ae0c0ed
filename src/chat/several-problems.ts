import { numbered } from '../../flows/common.js';
import type { ChatContext } from './context.js';
import type { FlowEngine, LaterReport } from './flow-engine.js';
import { startReport, type Told } from './intake.js';
import { understand } from './understand.js';
import type { Problem, ProblemSplit } from './understanding/problems.js';

/** "1. 水管（厨房水管漏水了）": how a problem is named back to the owner. */
export const problemList = (ctx: ChatContext, problems: readonly Problem[]) =>
  numbered(
    problems.map((p) =>
      ctx.t('intake.problem_line', {
        topic: ctx.t(p.category ? `category.${p.category}` : `ticket.kind.${p.kind}`),
        text: p.original,
      }),
    ),
  );

/** What is begun later, once the report before it is registered: one problem, or several. */
export function laterReport(problems: readonly Problem[]): LaterReport | undefined {
  if (!problems.length) return undefined;
  return {
    text: problems.map((p) => p.text).join('；'),
    original: problems.map((p) => p.original).join('；'),
    problems: problems.length > 1 ? [...problems] : undefined,
    reading:
      problems.length === 1
        ? { kind: problems[0]!.kind, category: problems[0]!.category, department: problems[0]!.department }
        : undefined,
  };
}

/**
 * A message that tells two or more problems: none is dropped. Unsure whether they are apart, the
 * owner is asked once (flows/split.ts). Otherwise the owner is told they are registered apart:
 * repairs in the same home ride along with the first (one set of questions, one confirmation,
 * one ticket each, each to its department); any other is begun once the first is registered.
 */
export async function startSeveral(
  ctx: ChatContext,
  flows: FlowEngine,
  told: Told,
  split: ProblemSplit,
): Promise<boolean> {
  const { problems } = split;
  const [first, ...rest] = problems as [Problem, ...Problem[]];
  const home = (p: Problem) => p.kind === 'repair' && understand(p.text).scope !== 'public';
  const elsewhere = { private: ctx.inGroup, groupNote: 'chat.continue_private_other' };
  if (!split.sure && !told.separate) {
    await flows.begin(ctx, 'split', { text: told.text, original: told.original, problems }, elsewhere);
    return true;
  }
  // announced once: not again when the rest of an announced message is begun
  if (!(told.resumed && told.problems))
    await ctx.say(
      'intake.several',
      { count: problems.length, list: problemList(ctx, problems) },
      // said where the first report goes on: the group only for a public repair
      { private: ctx.inGroup && !(first.kind === 'repair' && understand(first.text).scope === 'public') },
    );
  const along = home(first) ? rest.filter(home) : [];
  return startReport(ctx, flows, undefined, {
    text: first.text,
    original: first.original,
    reading: { kind: first.kind, category: first.category, department: first.department },
    whole: told.whole ?? told.text,
    along,
    later: laterReport(rest.filter((p) => !along.includes(p))),
  });
}
