/**
 * Trains the understanding classifiers on the train split and writes flows/corpus/model.json.
 * `npm run train:understanding` (writes) · `npm run train:understanding -- --check` (retrains and
 * fails if the stored model differs: the model is reproducible from the corpus).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { groupCorpus, ownerCorpus } from '../../src/chat/understanding/corpus.js';
import { corpusHash, MODEL_FILE, serializeModels, trainModels } from '../../src/chat/understanding/model.js';

const started = performance.now();
const models = trainModels(
  ownerCorpus().filter((m) => m.split === 'train'),
  groupCorpus().filter((m) => m.split === 'train'),
);
const ms = performance.now() - started;
const json = `${JSON.stringify(serializeModels(models, corpusHash()))}\n`;
if (process.argv.includes('--check')) {
  const same = readFileSync(MODEL_FILE, 'utf8') === json;
  console.log(`retrained in ${(ms / 1000).toFixed(1)} s; stored model ${same ? 'identical' : 'DIFFERS'}`);
  process.exit(same ? 0 : 1);
}
writeFileSync(MODEL_FILE, json);
console.log(`trained in ${(ms / 1000).toFixed(1)} s; ${MODEL_FILE}: ${(json.length / 1024).toFixed(0)} KiB`);
