import { z } from 'zod';
import type { Services } from '../../app.js';
import { ANY_CONSOLE_ROLE, SUPERVISORS } from '../../domain/console-roles.js';
import { LANGUAGES } from '../../config/schema.js';
import { languageFromHeader } from '../../i18n.js';
import { parse } from '../../services/validate.js';
import { campaignInput, campaignParams, campaignView, SurveyCampaigns } from '../../surveys/campaigns.js';
import { surveyResults } from '../../surveys/results.js';
import { surveyWorkbook, XLSX_TYPE } from '../../surveys/export.js';
import { actorOf } from '../auth.js';
import { route, type RouteSpec } from '../route-spec.js';

const exportQuery = z.object({ lang: z.enum(LANGUAGES).optional() }).strict();

/**
 * The half-year satisfaction survey (seed 003): GET/POST /surveys, GET /surveys/:id (campaign and
 * results), GET /surveys/:id/export (XLSX). A zone manager sees their zones' figures only.
 */
export function surveyRoutes({ config }: Services): RouteSpec[] {
  const campaigns = new SurveyCampaigns(config);
  const tag = 'surveys';
  return [
    route({
      method: 'get',
      path: '/surveys',
      tag,
      summary: 'Survey campaigns of the community (a zone manager: those including their zones)',
      roles: ANY_CONSOLE_ROLE,
      query: z.object({}).strict(),
      handler: async (ctx) => {
        ctx.body = { items: (await campaigns.list(actorOf(ctx))).map(campaignView) };
      },
    }),
    route({
      method: 'post',
      path: '/surveys',
      tag,
      summary: 'Creates a half-year survey for the community or some zones; issued by chat at `startAt`',
      roles: SUPERVISORS,
      body: campaignInput,
      handler: async (ctx) => {
        ctx.body = campaignView(await campaigns.create(actorOf(ctx), ctx.request.body ?? {}));
        ctx.status = 201;
      },
    }),
    route({
      method: 'get',
      path: '/surveys/:id',
      tag,
      summary: 'A campaign with its results: issuance and return rates, per area and zone, common complaints',
      roles: ANY_CONSOLE_ROLE,
      params: campaignParams,
      handler: async (ctx) => {
        const { id } = parse(campaignParams, ctx.params);
        const actor = actorOf(ctx);
        const c = await campaigns.get(actor, id);
        ctx.body = { campaign: campaignView(c), results: await surveyResults(actor, c, config.surveys) };
      },
    }),
    route({
      method: 'get',
      path: '/surveys/:id/export',
      tag,
      summary: 'The results and the returned questionnaires as an Excel workbook',
      roles: ANY_CONSOLE_ROLE,
      params: campaignParams,
      query: exportQuery,
      produces: [XLSX_TYPE],
      handler: async (ctx) => {
        const { id } = parse(campaignParams, ctx.params);
        const actor = actorOf(ctx);
        const c = await campaigns.get(actor, id);
        const results = await surveyResults(actor, c, config.surveys);
        // a download link cannot send headers: the console names its language in the query
        const { lang } = parse(exportQuery, ctx.query);
        const language = lang ?? languageFromHeader(ctx.get('accept-language')) ?? config.defaultLanguage;
        ctx.body = await surveyWorkbook(actor, c, results, language, config.timezone);
        ctx.type = XLSX_TYPE;
        ctx.attachment(`${c._id}.xlsx`);
      },
    }),
  ];
}
