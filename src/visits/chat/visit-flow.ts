import type { ChatContext } from '../../chat/context.js';
import type { Flow, FlowData, StepOutcome } from '../../chat/flow-engine.js';
import { findUnitAddress, type UnitAddress } from '../../chat/text/unit-address.js';
import { unitLabel } from '../../data/models/index.js';
import { AppError } from '../../domain/errors.js';
import { VisitService } from '../visit-service.js';
import { NONE, parseIssues, parseMethod, parseVisitCommand, type VisitMethod } from './visit-text.js';

export interface VisitFlowData extends FlowData {
  unitId?: string;
  unit?: string;
  method?: VisitMethod;
  notes?: string;
  issues?: string[];
  /** The issues question was answered (an empty list may not survive storage). */
  issuesAsked?: boolean;
}

const MAX_NOTES = 2000;
const MAX_ISSUE = 500;

export const visitService = (ctx: ChatContext) =>
  new VisitService({ config: ctx.services.config, tickets: ctx.services.tickets });

/**
 * The unit at an address, for the speaker: its id and label, or the reason (locale key) why not —
 * unknown, or outside the speaker's zones.
 */
export async function unitFor(
  ctx: ChatContext,
  address: UnitAddress,
): Promise<{ ok: true; unitId: string; unit: string } | { ok: false; reason: string; params: object }> {
  try {
    const unit = await visitService(ctx).unitAt(ctx.actor!, address);
    return { ok: true, unitId: String(unit._id), unit: unitLabel(unit) };
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    const label = unitLabel(address);
    const reason = err.code === 'wrong_zone' ? 'visits.chat.not_your_unit' : 'visits.chat.unknown_unit';
    return { ok: false, reason, params: { unit: label } };
  }
}

/**
 * Recording a household visit in chat (拜访客户登记): unit → method (上门/电话/微信) → notes →
 * issues raised, each of which becomes a ticket when the visit is recorded. What the opening
 * command already said is not asked again.
 */
export const visitFlow: Flow<VisitFlowData> = {
  name: 'visit',
  next: (d) =>
    !d.unitId
      ? 'unit'
      : !d.method
        ? 'method'
        : d.notes === undefined
          ? 'notes'
          : !d.issuesAsked
            ? 'issues'
            : undefined,
  steps: {
    unit: {
      prompt: (ctx) => ctx.t('visits.chat.ask_unit'),
      accept: async (ctx): Promise<StepOutcome<VisitFlowData>> => {
        const found = findUnitAddress(ctx.text);
        if (!found) return { ok: false, reason: 'visits.chat.answer_unit' };
        const r = await unitFor(ctx, found.address);
        if (!r.ok) return { ok: false, reason: r.reason, params: r.params as Record<string, unknown> };
        return { ok: true, data: { unitId: r.unitId, unit: r.unit } };
      },
    },
    method: {
      prompt: (ctx, d) => ctx.t('visits.chat.ask_method', { unit: d.unit }),
      accept: (ctx) => {
        const m = parseMethod(ctx.text);
        if (!m) return { ok: false, reason: 'visits.chat.answer_method' };
        // "上门 业主说…": the notes in the same answer
        const written = parseMethod(ctx.original.normalize('NFKC').trim());
        const rest = written?.method === m.method ? written.rest : m.rest;
        return { ok: true, data: { method: m.method, ...(rest ? { notes: rest.slice(0, MAX_NOTES) } : {}) } };
      },
    },
    notes: {
      prompt: (ctx) => ctx.t('visits.chat.ask_notes'),
      accept: (ctx) => {
        if (parseVisitCommand(ctx.text)) return { ok: false, reason: 'visits.chat.finish_first' };
        const t = ctx.original.trim();
        if (t.length > MAX_NOTES)
          return { ok: false, reason: 'visits.chat.too_long', params: { max: MAX_NOTES } };
        return { ok: true, data: { notes: NONE.test(ctx.text) ? '' : t } };
      },
    },
    issues: {
      prompt: (ctx) => ctx.t('visits.chat.ask_issues'),
      accept: (ctx) => {
        // "本月拜访" or a new "拜访 …" is not what the household raised
        if (parseVisitCommand(ctx.text)) return { ok: false, reason: 'visits.chat.finish_first' };
        const issues = parseIssues(ctx.original);
        if (issues.length > 10)
          return { ok: false, reason: 'visits.chat.too_many_issues', params: { max: 10 } };
        if (issues.some((i) => i.length > MAX_ISSUE))
          return { ok: false, reason: 'visits.chat.too_long', params: { max: MAX_ISSUE } };
        if (issues.some((i) => !/[\p{L}\p{N}]/u.test(i) || i.length < 2))
          return { ok: false, reason: 'visits.chat.answer_issues' };
        return { ok: true, data: { issues, issuesAsked: true } };
      },
    },
  },
  async finish(ctx, d, sourceKey) {
    const service = visitService(ctx);
    try {
      const visit = await service.record(ctx.actor!, {
        unitId: d.unitId,
        method: d.method,
        notes: d.notes || undefined,
        issues: (d.issues ?? []).map((text) => ({ text })),
        sourceKey,
      });
      const lines = visit.issues.map((i, n) =>
        ctx.t('visits.chat.line_issue', { n: n + 1, text: i.text, number: i.ticketNumber }),
      );
      await ctx.say(
        'visits.chat.recorded',
        {
          unit: visit.unit,
          method: ctx.t(`visits.method.${visit.method}`),
          issues: lines.length ? lines.join('\n') : ctx.t('visits.chat.no_issues'),
          key: visit.keyCustomer ? ctx.t('visits.chat.key_customer') : '',
        },
        { private: ctx.inGroup },
      );
    } catch (err) {
      if (err instanceof AppError)
        await ctx.reply(ctx.t(`errors.${err.code}`, err.params), { private: ctx.inGroup });
      else throw err;
    }
  },
};
