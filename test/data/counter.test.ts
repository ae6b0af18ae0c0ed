import { Counter, nextSequence } from '../../src/data/models/index.js';
import { useTestDatabase } from '../support/db.js';

useTestDatabase();

describe('sequences', () => {
  it('hands a crowd asking at once distinct consecutive values (one draw for all)', async () => {
    const values = await Promise.all(Array.from({ length: 30 }, () => nextSequence('crowd')));
    expect([...values].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(await Counter.findById('crowd').lean()).toMatchObject({ seq: 30 });
    expect(await nextSequence('crowd')).toBe(31);
  });

  it('serves callers who ask while a draw runs from the next draw, never twice the same value', async () => {
    const first = Promise.all(Array.from({ length: 5 }, () => nextSequence('rounds')));
    await new Promise((r) => setImmediate(r));
    const second = Promise.all(Array.from({ length: 5 }, () => nextSequence('rounds')));
    const all = [...(await first), ...(await second)];
    expect(new Set(all).size).toBe(10);
    expect(Math.max(...all)).toBe(10);
  });
});
