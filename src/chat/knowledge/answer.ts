import { Conversation } from '../../data/models/index.js';
import { knowledge } from '../../services/knowledge-service.js';
import type { ChatContext } from '../context.js';
import { inScriptOf } from '../text/script.js';

/** How long "人工" after an answer still refers to that answer. */
const PENDING_MS = 30 * 60_000;
export const HUMAN = /^(人工|转人工|人工客服|找人工|要人工|真人|客服)$/;

/** Where the last answered question waits for "人工": beside the chat's conversation, not in it. */
const pendingKey = (ctx: ChatContext) => `${ctx.conversationKey}:kb`;

/**
 * Answers an owner's question from the knowledge base at once, when an answer is close enough,
 * with "没解决？回复“人工”" to open an inquiry for the front desk. False: no answer fits.
 */
export async function answerFromKnowledge(
  ctx: ChatContext,
  text: string,
  original: string,
  threshold?: number,
): Promise<boolean> {
  const communityId = ctx.actor?.communityId;
  if (!communityId) return false;
  const hit = await knowledge.answerFor(communityId, text, threshold);
  if (!hit) return false;
  await Conversation.findOneAndUpdate(
    { key: pendingKey(ctx) },
    {
      $set: {
        flow: 'knowledge-answer',
        step: 'human',
        data: { question: original, topic: hit.topic },
        version: 1,
        expiresAt: new Date(Date.now() + PENDING_MS),
      },
    },
    { upsert: true },
  );
  await ctx.say('kb.answer', { answer: inScriptOf(ctx.language, hit.answer) });
  return true;
}

/** The question answered last in this chat (taken: "人工" opens an inquiry with it once). */
export async function takeAnsweredQuestion(ctx: ChatContext): Promise<string | undefined> {
  const doc = await Conversation.findOneAndDelete({ key: pendingKey(ctx) }).lean();
  if (!doc || doc.expiresAt <= new Date()) return undefined;
  return (doc.data as { question?: string }).question;
}
