import { command } from '../chat/command.js';
import type { ChatContext } from '../chat/context.js';
import { FlowEngine } from '../chat/flow-engine.js';
import { AppError } from '../domain/errors.js';
import { FLOWS } from '../../flows/index.js';
import { reviewerOf, type StaffRenovationCommand, parseRenovationCommand } from './chat-words.js';
import type { RenovationDoc } from './model.js';
import { RUNNING } from './rules.js';

/**
 * The note as the speaker wrote it (traditional script kept for the owner): the note is the end
 * of the message, so it is the same number of characters at the end of the original text, when
 * normalising kept the length (OpenCC and NFKC map character to character here).
 */
function asWritten(ctx: ChatContext, note: string | undefined): string | undefined {
  if (!note) return note;
  const original = ctx.original.trim();
  return original.length === ctx.text.trim().length ? original.slice(-note.length) : note;
}

/** Applications the speaker may act on with this command, when no number was given. */
async function candidates(ctx: ChatContext, c: StaffRenovationCommand): Promise<RenovationDoc[]> {
  const svc = ctx.services.renovations;
  if (c.kind === 'review') {
    const reviewer = reviewerOf(ctx.actor!);
    const open = await svc.list(ctx.actor!, { state: 'submitted', limit: 20 });
    return open.filter((d) => !reviewer || !d.reviews?.[reviewer]);
  }
  const running = await Promise.all(RUNNING.map((state) => svc.list(ctx.actor!, { state, limit: 20 })));
  return running.flat();
}

/** The application a command names, or the only one it can mean; else the speaker is asked. */
async function target(ctx: ChatContext, c: StaffRenovationCommand): Promise<string | undefined> {
  if (c.id) return c.id;
  const docs = await candidates(ctx, c);
  if (docs.length === 1) return docs[0]!._id;
  if (!docs.length) await ctx.say(`renovation.chat.none_${c.kind === 'review' ? 'pending' : 'running'}`);
  else
    await ctx.say('renovation.chat.which', {
      list: docs
        .slice(0, 10)
        .map((d) => `${d._id}（${d.company}，${d.startDate}～${d.endDate}）`)
        .join('\n'),
    });
  return undefined;
}

/**
 * Staff renovation commands (seed 003 part 2, 2.4 and 4.2–4.4): 装修审批 RN… 同意 / 退回 <what
 * to change> by customer service or engineering (the reviewer follows from who speaks);
 * 装修巡检 RN… 正常 | 2 5 <note> | 违规 <note> by the inspecting staff, then photos. The
 * renovation service decides who may and tells the applicant in their language.
 */
export const renovationCommand = command<StaffRenovationCommand>({
  name: 'renovation',
  match: ({ text }) => parseRenovationCommand(text),
  async handle(ctx, parsed) {
    if (!ctx.actor || !ctx.isStaff) return false;
    const c = { ...parsed, note: asWritten(ctx, parsed.note) };
    const svc = ctx.services.renovations;
    try {
      const example = { id: c.id ?? 'RN20261202-0001' };
      if (c.kind === 'review' && !c.decision)
        return void (await ctx.say('renovation.chat.review_how', example));
      if (c.kind === 'review' && c.decision === 'changes' && !c.note)
        return void (await ctx.say('renovation.chat.changes_need_note', example));
      if (c.kind === 'inspect' && !c.result) return void (await ctx.say('renovation.chat.inspect_how'));
      if (c.kind === 'inspect' && c.result === 'violation' && !c.note)
        return void (await ctx.say('renovation.chat.violation_need_note'));
      const id = await target(ctx, c);
      if (!id) return true;
      if (c.kind === 'review') {
        const reviewer = reviewerOf(ctx.actor, (await svc.get(ctx.actor, id)).reviews);
        if (!reviewer) return void (await ctx.say('errors.renovation.not_reviewer', { reviewer: '' }));
        const doc = await svc.review(ctx.actor, id, { reviewer, decision: c.decision, note: c.note });
        const waiting =
          doc.state === 'submitted'
            ? reviewer === 'engineering'
              ? 'customer_service'
              : 'engineering'
            : undefined;
        return void (await ctx.say(`renovation.chat.reviewed_${c.decision}`, {
          id,
          reviewer: ctx.t(`renovation.reviewer.${reviewer}`),
          waiting: waiting
            ? ctx.t('renovation.chat.waiting', { reviewer: ctx.t(`renovation.reviewer.${waiting}`) })
            : '',
        }));
      }
      const doc = await svc.get(ctx.actor, id);
      if (!RUNNING.includes(doc.state))
        return void (await ctx.say('errors.renovation.wrong_state', { state: doc.state }));
      const unknown = (c.failed ?? []).filter(
        (n) => n < 1 || n > ctx.services.config.renovation.checklist.length,
      );
      if (unknown.length)
        return void (await ctx.say('renovation.chat.no_such_item', {
          items: unknown.join(', '),
          max: ctx.services.config.renovation.checklist.length,
        }));
      const engine = new FlowEngine(FLOWS, ctx.services.config.bot.flowIdleTimeout);
      await engine.begin(ctx, 'renovation_check', {
        renovationId: id,
        mode: c.result === 'violation' ? 'violation' : 'inspection',
        failed: c.failed ?? [],
        note: c.note,
        photos: [],
      });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      await ctx.say(`errors.${err.code}`, err.params);
    }
    return true;
  },
});
