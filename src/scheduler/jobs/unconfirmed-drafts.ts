import { FLOWS } from '../../../flows/index.js';
import { isDraftAt, type Flow, type FlowData } from '../../chat/flow-engine.js';
import { maskForGroup } from '../../chat/text/unit-address.js';
import { Conversation } from '../../data/models/index.js';
import { translator } from '../../i18n.js';
import { queueChatMessage } from '../../notify/outbox.js';
import type { PeriodicJob } from '../periodic-job.js';

/** Where a conversation's sender is: `platform:<room or dm>:<contact>` (conversationKeyOf). */
function chatOf(key: string): { roomId?: string; contactId: string } | undefined {
  const first = key.indexOf(':');
  const second = key.indexOf(':', first + 1);
  if (first < 0 || second < 0) return undefined;
  const room = key.slice(first + 1, second);
  return { roomId: room === 'dm' ? undefined : room, contactId: key.slice(second + 1) };
}

interface DraftConversation {
  _id: string;
  flow: string;
  step: string;
  version: number;
  expiresAt: Date;
  data?: FlowData & { __lng?: string; __name?: string; __parked?: boolean; description?: string };
}

/**
 * An owner who left a report unfinished is never left without an outcome. One who stopped before
 * the summary, with the problem told, hears once at expiry that nothing was registered. One who
 * got the summary and never confirmed it is reminded once, after `bot.draftReminderAfter` of
 * silence, how to confirm it; at expiry the draft is kept for `bot.draftKeep` and they are told
 * so (a later "确认" registers it: src/chat/flow-engine.ts). Each message is keyed on the
 * conversation's expiry, so a repeated run or a second worker tells nobody twice. The
 * conversations collection holds open conversations only: one small read a minute.
 */
export const unconfirmedDrafts: PeriodicJob = {
  name: 'chat.unconfirmed-drafts',
  cron: () => '* * * * *',
  async run(ctx) {
    const now = ctx.now();
    const { flowIdleTimeout, draftReminderAfter, draftKeep } = ctx.config.bot;
    const flows = FLOWS as Record<string, Flow<FlowData>>;
    const conversations = (await Conversation.find({}).lean()) as unknown as DraftConversation[];
    let told = 0;
    for (const c of conversations) {
      const flow = flows[c.flow];
      if (!flow?.summaryStep || c.data?.__parked) continue;
      const chat = chatOf(c._id);
      if (!chat) continue;
      const expiresAt = new Date(c.expiresAt).getTime();
      const idleSince = expiresAt - flowIdleTimeout;
      let key: string;
      if (!isDraftAt(flow, c.step)) {
        // left before the summary, with the problem told: told once that nothing was registered
        const lately = expiresAt <= now.getTime() && now.getTime() - expiresAt < flowIdleTimeout;
        if (!lately || !c.data?.description) continue;
        const ended = await Conversation.deleteOne({
          _id: c._id,
          version: c.version,
          expiresAt: c.expiresAt,
        });
        if (ended.deletedCount !== 1) continue;
        key = 'flow.draft.abandoned';
      } else if (expiresAt <= now.getTime()) {
        if (expiresAt + draftKeep <= now.getTime()) continue; // swept by the retention
        // kept: written only if the owner has not moved on meanwhile
        const kept = await Conversation.updateOne(
          { _id: c._id, version: c.version, expiresAt: c.expiresAt },
          { $set: { 'data.__parked': true, expiresAt: new Date(now.getTime() + draftKeep) } },
        );
        if (kept.matchedCount !== 1) continue;
        key = 'flow.draft.kept';
      } else if (now.getTime() - idleSince >= draftReminderAfter) key = 'flow.draft.reminder';
      else continue;
      const t = translator(c.data?.__lng);
      const text = t(key, {
        kind: t(`ticket.kind.${c.flow}`),
        what: (c.data?.description ?? '').slice(0, 40),
        hours: Math.round(draftKeep / 3_600_000),
      });
      const queued = await queueChatMessage({
        key: `draft:${key}:${c._id}:${expiresAt}`,
        roomId: chat.roomId,
        contactId: chat.roomId ? undefined : chat.contactId,
        mentions: chat.roomId ? [{ contactId: chat.contactId, name: c.data?.__name ?? '' }] : [],
        text: chat.roomId ? maskForGroup(text) : text,
        audience: 'owner',
        reason: key,
      });
      if (queued) told++;
    }
    if (told) ctx.log.info({ told }, 'unconfirmed drafts: owners told');
    return told;
  },
};
