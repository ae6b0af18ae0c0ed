import mongoose from 'mongoose';
import { startChat, type ChatHarness } from '../support/chat.js';

let h: ChatHarness;
/** Every collection call mongoose makes while `fn` runs, by collection and method. */
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

beforeAll(async () => {
  h = await startChat();
  await h.say('张伟', '你好'); // warm: identity, person and room caches
}, 60_000);
afterAll(() => h.close());

describe("an owner's private message without an open survey", () => {
  it('reads no survey turn', async () => {
    const seen = await commandsDuring(() => h.say('张伟', '你好'));
    console.log(`commands for one private message: ${seen.length}\n${seen.join('\n')}`);
    expect(seen.filter((c) => c.startsWith('surveyturns.'))).toEqual([]);
  });
});
