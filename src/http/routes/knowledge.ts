import { z } from 'zod';
import type { Services } from '../../app.js';
import { DIRECTORY_EDITORS } from '../../domain/console-roles.js';
import {
  createAnswerInput,
  knowledge,
  listAnswersQuery,
  updateAnswerInput,
} from '../../services/knowledge-service.js';
import { objectId } from '../../services/schemas.js';
import { parse } from '../../services/validate.js';
import { actorOf } from '../auth.js';
import { route, type RouteSpec } from '../route-spec.js';

const idParams = z.object({ id: objectId });
/** The desk keeps the property's answers: admin, customer-service supervisor, front desk. */
const KNOWLEDGE_EDITORS = DIRECTORY_EDITORS;

/** The knowledge base: answers owners get at once in chat ("物业费怎么交"). */
export function knowledgeRoutes(_services: Services): RouteSpec[] {
  const tag = 'knowledge';
  return [
    route({
      method: 'get',
      path: '/knowledge',
      tag,
      summary: 'List the knowledge-base answers (q: the answers a question would find)',
      roles: KNOWLEDGE_EDITORS,
      query: listAnswersQuery,
      handler: async (ctx) => {
        ctx.body = await knowledge.list(actorOf(ctx), ctx.query);
      },
    }),
    route({
      method: 'get',
      path: '/knowledge/:id',
      tag,
      summary: 'One knowledge-base answer',
      roles: KNOWLEDGE_EDITORS,
      params: idParams,
      handler: async (ctx) => {
        const { id } = parse(idParams, ctx.params);
        ctx.body = await knowledge.get(actorOf(ctx), id);
      },
    }),
    route({
      method: 'post',
      path: '/knowledge',
      tag,
      summary: 'Add an answer: topic, example questions, answer',
      roles: KNOWLEDGE_EDITORS,
      body: createAnswerInput,
      handler: async (ctx) => {
        ctx.status = 201;
        ctx.body = await knowledge.create(actorOf(ctx), ctx.request.body ?? {});
      },
    }),
    route({
      method: 'patch',
      path: '/knowledge/:id',
      tag,
      summary: 'Edit an answer (any of topic, questions, answer, active)',
      roles: KNOWLEDGE_EDITORS,
      params: idParams,
      body: updateAnswerInput,
      handler: async (ctx) => {
        const { id } = parse(idParams, ctx.params);
        ctx.body = await knowledge.update(actorOf(ctx), id, ctx.request.body ?? {});
      },
    }),
    route({
      method: 'delete',
      path: '/knowledge/:id',
      tag,
      summary: 'Delete an answer',
      roles: KNOWLEDGE_EDITORS,
      params: idParams,
      handler: async (ctx) => {
        const { id } = parse(idParams, ctx.params);
        ctx.body = await knowledge.remove(actorOf(ctx), id);
      },
    }),
  ];
}
