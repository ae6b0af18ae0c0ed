/**
 * Puts locales/zh-TW.json in Taiwan wording and quotation marks (npm run locales:tw): every text,
 * never a key, through the same rules the chat applies to answers (src/chat/text/script.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../src/paths.js';
import { taiwanWording } from '../src/chat/text/script.js';

type Tree = { [key: string]: string | Tree };
const fix = (t: Tree): Tree =>
  Object.fromEntries(
    Object.entries(t).map(([k, v]) => [k, typeof v === 'string' ? taiwanWording(v) : fix(v)]),
  );

const file = join(projectRoot, 'locales', 'zh-TW.json');
const before = readFileSync(file, 'utf8');
const after = `${JSON.stringify(fix(JSON.parse(before) as Tree), null, 2)}\n`;
writeFileSync(file, after);
console.log(after === before ? 'zh-TW already in Taiwan wording' : 'zh-TW rewritten in Taiwan wording');
