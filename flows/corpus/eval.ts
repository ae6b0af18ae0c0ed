/**
 * `npm run eval:understanding`: accuracy of the shipped model on the TEST split (kind, category,
 * department, chatter kept out), the confusion table for kind, and the owners'-group gate's
 * precision and recall. `-- --split train` scores the train split instead; `-- --misses` lists errors.
 */
import {
  groupCorpus,
  HELD_BACK_SETS,
  heldBackGroup,
  heldBackOwner,
  ownerCorpus,
  type Split,
} from '../../src/chat/understanding/corpus.js';
import { categoryRecall, evaluateGate, evaluateOwner, pct } from '../../src/chat/understanding/evaluate.js';
import { corpusHash, models } from '../../src/chat/understanding/model.js';
import { readFileSync } from 'node:fs';
import { MODEL_FILE } from '../../src/chat/understanding/model.js';

const split: Split = process.argv.includes('--split') && process.argv.includes('train') ? 'train' : 'test';
const owner = ownerCorpus();
const group = groupCorpus();
const stored = JSON.parse(readFileSync(MODEL_FILE, 'utf8')) as { corpus: string };
if (stored.corpus !== corpusHash())
  console.warn('WARNING: model.json was trained on another corpus; run npm run train:understanding');
const t0 = performance.now();
models();
const loadMs = performance.now() - t0;

const rows = owner.filter((m) => m.split === split);
const e = evaluateOwner(rows);
const g = evaluateGate(group.filter((m) => m.split === split));
const count = (xs: Array<{ split: Split }>, s: Split) => xs.filter((x) => x.split === s).length;
console.log(
  `corpus: ${owner.length} owner messages (train ${count(owner, 'train')}, test ${count(owner, 'test')}; ` +
    `${owner.filter((m) => m.kind !== 'none').length} reports, ${owner.filter((m) => m.kind === 'none').length} chatter); ` +
    `${group.length} group messages (train ${count(group, 'train')}, test ${count(group, 'test')})`,
);
console.log(`model loaded in ${loadMs.toFixed(0)} ms; scoring the ${split} split (${rows.length} messages)`);
console.log(`kind        ${pct(e.kind)}   (goal ≥ 95%)`);
console.log(`category    ${pct(e.category)}   (goal ≥ 90%)`);
console.log(`department  ${pct(e.department)}   (goal ≥ 90%)`);
console.log(`chatter     ${pct(e.chatter)} kept out of tickets`);
console.log(
  `ambiguous   ${e.ambiguous.total} reports would get the numbered question (first reading right in ${pct(e.ambiguous)}); ` +
    `expected kind among the readings offered: ${pct(e.offered)}`,
);
console.log(
  `group gate  ${g.messages} messages: precision ${(100 * g.precision).toFixed(1)}% (${g.tp}/${g.tp + g.fp}), ` +
    `recall ${(100 * g.recall).toFixed(1)}% (${g.tp}/${g.tp + g.fn})   (goals ≥ 97%, ≥ 90%)`,
);
// The same figures for hand-written messages alone (templates hold out whole core phrases, so
// one misread core costs all its variants).
const hand = evaluateOwner(rows.filter((m) => m.source !== 'template'));
console.log(
  `hand-written only (${hand.messages}): kind ${pct(hand.kind)}, category ${pct(hand.category)}, department ${pct(hand.department)}`,
);
// Messages written apart and never trained or tuned on: the honest estimate for unseen owners.
const heldBack = HELD_BACK_SETS.map((set) => {
  const hb = evaluateOwner(heldBackOwner(set));
  const hg = evaluateGate(heldBackGroup(set));
  console.log(
    `${set} (${hb.messages} owner, ${hg.messages} group): kind ${pct(hb.kind)}, category ${pct(hb.category)}, ` +
      `department ${pct(hb.department)}, chatter ${pct(hb.chatter)}; group gate precision ` +
      `${(100 * hg.precision).toFixed(1)}% (${hg.tp}/${hg.tp + hg.fp}), recall ${(100 * hg.recall).toFixed(1)}% (${hg.tp}/${hg.tp + hg.fn})`,
  );
  return { set, hb, hg };
});
const labels = Object.keys(e.confusion);
console.log(
  `\nkind confusion (rows: expected, columns: predicted)\n${['', ...labels].map((l) => l.padStart(11)).join('')}`,
);
for (const a of labels)
  console.log([a, ...labels.map((b) => String(e.confusion[a]![b]))].map((l) => l.padStart(11)).join(''));
console.log(
  `\ncategory recall on the ${split} split, worst first (mistaken for):\n${categoryRecall(e).join('\n')}`,
);
for (const { set, hb } of heldBack)
  console.log(`\ncategory recall on ${set}, worst first:\n${categoryRecall(hb).slice(0, 8).join('\n')}`);
if (process.argv.includes('--misses')) console.log(`\n${[...e.misses, ...g.misses].join('\n')}`);
if (process.argv.includes('--heldback-misses'))
  for (const { set, hb, hg } of heldBack)
    console.log(`\n${set} misses:\n${[...hb.misses, ...hg.misses].join('\n')}`);
