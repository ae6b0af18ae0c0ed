import { Types } from 'mongoose';
import { z } from 'zod';
import { SimilarityIndex } from '../chat/knowledge/similarity.js';
import { topicsAgree } from '../chat/knowledge/topic.js';
import { isDuplicateKey } from '../data/errors.js';
import { KnowledgeAnswer } from '../data/models/index.js';
import type { Actor } from '../domain/actor.js';
import { ConflictError, NotFoundError } from '../domain/errors.js';
import { communityFor, inCommunity } from './community-scope.js';
import { objectId } from './schemas.js';
import { parse } from './validate.js';

/**
 * Below this similarity a question is not answered from the knowledge base (it becomes an
 * inquiry ticket instead). Chosen on the train split of flows/knowledge-questions.tsv by
 * `chooseThreshold` (test/chat/knowledge.test.ts checks it still is the train split's choice).
 */
export const KNOWLEDGE_THRESHOLD = 0.41;

const question = z.string().trim().min(2).max(200);
export const createAnswerInput = z
  .object({
    communityId: objectId.optional(),
    topic: z.string().trim().min(1).max(60),
    questions: z.array(question).min(1).max(50),
    answer: z.string().trim().min(2).max(2000),
    active: z.boolean().default(true),
  })
  .strict();
export const updateAnswerInput = createAnswerInput.omit({ communityId: true }).partial().strict();
export const listAnswersQuery = z
  .object({ q: z.string().trim().max(200).optional(), active: z.enum(['true', 'false']).optional() })
  .strict();

export interface AnswerView {
  id: string;
  topic: string;
  questions: string[];
  answer: string;
  active: boolean;
  updatedAt?: Date;
}

const view = (d: {
  _id: unknown;
  topic: string;
  questions: string[];
  answer: string;
  active: boolean;
  updatedAt?: Date;
}): AnswerView => ({
  id: String(d._id),
  topic: d.topic,
  questions: d.questions,
  answer: d.answer,
  active: d.active,
  updatedAt: d.updatedAt,
});

const oid = (id: string) => new Types.ObjectId(parse(objectId, id));
const who = (actor: Actor) => actor.name ?? actor.personId ?? actor.kind;

/** The property's answers: edited by the desk, matched against owners' questions in chat. */
export class KnowledgeService {
  async list(actor: Actor, query: unknown): Promise<{ items: AnswerView[] }> {
    const q = parse(listAnswersQuery, query);
    const filter: Record<string, unknown> = { ...inCommunity(actor) };
    if (q.active) filter.active = q.active === 'true';
    const docs = await KnowledgeAnswer.find(filter).sort({ topic: 1 }).lean();
    let items = docs.map(view);
    if (q.q) {
      const hit = new SimilarityIndex(
        items.flatMap((a) => [a.topic, ...a.questions].map((text) => ({ key: a.id, text }))),
      );
      const best = hit.best(q.q);
      items = items.filter((a) => a.id === best?.key || a.topic.includes(q.q!) || a.answer.includes(q.q!));
    }
    return { items };
  }

  async get(actor: Actor, id: string): Promise<AnswerView> {
    const doc = await KnowledgeAnswer.findOne({ _id: oid(id), ...inCommunity(actor) }).lean();
    if (!doc) throw new NotFoundError('answer', { id });
    return view(doc);
  }

  async create(actor: Actor, input: unknown): Promise<AnswerView> {
    const data = parse(createAnswerInput, input);
    const communityId = await communityFor(actor, data.communityId);
    try {
      const doc = await KnowledgeAnswer.create({ ...data, communityId, updatedBy: who(actor) });
      return view(doc.toObject());
    } catch (err) {
      if (isDuplicateKey(err)) throw new ConflictError('answer_exists', { topic: data.topic });
      throw err;
    }
  }

  async update(actor: Actor, id: string, input: unknown): Promise<AnswerView> {
    const data = parse(updateAnswerInput, input);
    const filter = { _id: oid(id), ...inCommunity(actor) };
    try {
      const doc = await KnowledgeAnswer.findOneAndUpdate(
        filter,
        { $set: { ...data, updatedBy: who(actor) } },
        { returnDocument: 'after' },
      ).lean();
      if (!doc) throw new NotFoundError('answer', { id });
      return view(doc);
    } catch (err) {
      if (isDuplicateKey(err)) throw new ConflictError('answer_exists', { topic: data.topic });
      throw err;
    }
  }

  async remove(actor: Actor, id: string): Promise<{ id: string; deleted: true }> {
    const res = await KnowledgeAnswer.deleteOne({ _id: oid(id), ...inCommunity(actor) });
    if (!res.deletedCount) throw new NotFoundError('answer', { id });
    return { id, deleted: true };
  }

  /** The community's answer to an owner's (normalised) question, when one is close enough. */
  async answerFor(
    communityId: string,
    text: string,
    threshold = KNOWLEDGE_THRESHOLD,
  ): Promise<{ id: string; topic: string; answer: string; score: number } | undefined> {
    const docs = await KnowledgeAnswer.find({
      communityId: new Types.ObjectId(communityId),
      active: true,
    }).lean();
    const match = bestAnswer(docs.map(view), text);
    return match && match.score >= threshold ? match : undefined;
  }
}

/** The closest answer to a question among answers (pure: the evaluation uses it too). */
export function bestAnswer(
  answers: ReadonlyArray<Pick<AnswerView, 'id' | 'topic' | 'questions' | 'answer'>>,
  text: string,
): { id: string; topic: string; answer: string; score: number } | undefined {
  const index = new SimilarityIndex(
    answers.flatMap((a) => [a.topic, ...a.questions].map((t) => ({ key: a, text: t }))),
  );
  const best = index.best(text);
  // words shared with an answer about something else ("在职证明" is not "装修材料"): no answer
  if (!best || !topicsAgree(text, best.key)) return undefined;
  return { id: best.key.id, topic: best.key.topic, answer: best.key.answer, score: best.score };
}

export const knowledge = new KnowledgeService();
