import { JobClaim, occurrence } from '../../src/data/claims.js';
import { useTestDatabase } from '../support/db.js';

useTestDatabase();

const HOUR = 3_600_000;
const later = () => new Date(Date.now() + 2 * HOUR); // every claim made now is stale by then

describe('a job occurrence is done once', () => {
  it('lets a stale claim whose work is not done be taken over, once', async () => {
    expect(await occurrence.claim('k-stale', 'w1', HOUR)).toBe(true);
    expect(await occurrence.claim('k-stale', 'w2', HOUR)).toBe(false); // held, not stale yet
    expect(await occurrence.claim('k-stale', 'w2', HOUR, later())).toBe(true);
    expect((await JobClaim.findById('k-stale').lean())?.worker).toBe('w2');
  });

  it('never hands out a done occurrence again, nor lets its release undo it', async () => {
    expect(await occurrence.claim('k-done', 'w1', HOUR)).toBe(true);
    await occurrence.done('k-done');
    await occurrence.done('k-done'); // the mark again: a no-op
    await occurrence.release('k-done', 'w1');
    expect(await JobClaim.findById('k-done').lean()).not.toBeNull();
    expect(await occurrence.claim('k-done', 'w2', HOUR, later())).toBe(false);
  });

  it('reads a claim marked done by an earlier version (its own field) as done', async () => {
    await JobClaim.collection.insertOne({ _id: 'k-old' as never, worker: 'w1', at: new Date(), done: true });
    expect(await occurrence.claim('k-old', 'w2', HOUR, later())).toBe(false);
  });

  it('releases a failed occurrence for its retry', async () => {
    expect(await occurrence.claim('k-failed', 'w1', HOUR)).toBe(true);
    await occurrence.release('k-failed', 'w2'); // not theirs: kept
    expect(await occurrence.claim('k-failed', 'w2', HOUR)).toBe(false);
    await occurrence.release('k-failed', 'w1');
    expect(await occurrence.claim('k-failed', 'w2', HOUR)).toBe(true);
  });
});
