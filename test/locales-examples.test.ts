import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../src/paths.js';

/** Example times in prompts age: they are relative ("下周一9:30") or filled in from today. */
describe('example dates in prompts', () => {
  it.each(['zh-CN', 'zh-TW', 'en'])('%s names no fixed calendar date as an example', (lng) => {
    const text = readFileSync(join(projectRoot, 'locales', `${lng}.json`), 'utf8');
    const quoted = [
      ...text.matchAll(/[“「\\"]([^”」\\"]*\d+月\d+日[^”」\\"]*|\d{4}-\d{2}-\d{2})[”」\\"]/g),
    ].map((m) => m[1]);
    expect(quoted).toEqual([]);
  });
});
