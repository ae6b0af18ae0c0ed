import mongoose from 'mongoose';
import { ADMIN_ACTOR } from '../../src/domain/actor.js';
import { SurveyCampaigns } from '../../src/surveys/campaigns.js';
import { SurveyTurn } from '../../src/surveys/models.js';
import { surveyTick } from '../../src/surveys/questionnaire.js';
import { openTurns } from '../../src/surveys/turns.js';
import { last, startChat, type ChatHarness } from '../support/chat.js';
import { jobContext } from '../support/jobs.js';

let h: ChatHarness;

/** Every collection call mongoose makes while `fn` runs, as "collection.method". */
async function commandsDuring(fn: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  mongoose.set('debug', (collection: string, method: string) => void seen.push(`${collection}.${method}`));
  try {
    await fn();
  } finally {
    mongoose.set('debug', false);
  }
  return seen;
}
const turnReads = (seen: string[]) => seen.filter((c) => c.startsWith('surveyturns.'));

beforeAll(async () => {
  h = await startChat();
  await h.say('张伟', '你好'); // warm: identity, person, room caches and the open-turn list
}, 60_000);
afterAll(() => h.close());

describe("an owner's private message and the open-survey list", () => {
  it('reads no survey turn when no questionnaire waits for the owner', async () => {
    const n = 20;
    const seen = await commandsDuring(async () => {
      for (let i = 0; i < n; i++) await h.say('张伟', i % 2 ? '你好' : '帮助');
    });
    const handling = seen.filter((c) => !/^outbox/.test(c)); // the sender's polling aside
    // measured 2026-12-02: 4.0 handling commands per message before the list (one surveyturns.findOne), 3.0 after
    console.log(
      `per private message: ${(seen.length / n).toFixed(1)} commands, ${(handling.length / n).toFixed(1)} ` +
        `for handling it (${[...new Set(handling)].join(', ')})`,
    );
    expect(turnReads(seen)).toEqual([]);
  });

  it('takes the survey answers of an owner the survey job just reached, and after a restart', async () => {
    const now = new Date();
    const ctx = jobContext(h.services, () => now);
    await new SurveyCampaigns(h.services.config, () => now).create(ADMIN_ACTOR, { period: '2026-H2' });
    await surveyTick(ctx);
    expect(last(h.textsTo(await h.say('张伟', '1'), '张伟'))).toContain('2/10');
    openTurns.reset(); // a new process: nothing in memory
    await h.restart();
    const seen = await commandsDuring(async () =>
      expect(last(h.textsTo(await h.say('张伟', '满意'), '张伟'))).toContain('3/10'),
    );
    expect(turnReads(seen)).toEqual(['surveyturns.find', 'surveyturns.findOne']); // loaded once, then by _id
  });

  it('sees a turn written behind its back once the list is older than surveys.turnsRefresh', async () => {
    const id = await h.personId('张伟');
    await SurveyTurn.deleteOne({ _id: id }); // not through closeTurn: the list still has it
    expect(await openTurns.mayHave(id, 60_000)).toBe(true); // a stale "maybe": one read, no harm
    const other = String(new mongoose.Types.ObjectId()); // someone no list has heard of
    await SurveyTurn.create({ _id: other, responseId: 'x', campaignId: 'y' });
    expect(await openTurns.mayHave(other, 60_000)).toBe(false);
    expect(await openTurns.mayHave(other, 60_000, Date.now() + 61_000)).toBe(true);
    expect(await openTurns.mayHave(id, 60_000)).toBe(false);
  });
});
