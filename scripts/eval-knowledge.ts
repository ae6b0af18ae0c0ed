/** Prints the knowledge base's answer precision on the held-out questions (npm run eval:knowledge). */
import { chooseThreshold, loadQuestions, measure, scored, split } from '../src/chat/knowledge/evaluate.js';
import { KNOWLEDGE_THRESHOLD } from '../src/services/knowledge-service.js';

const questions = loadQuestions();
const { train, test } = split(questions);
const trainRows = scored(train);
const chosen = chooseThreshold(trainRows);
console.log(`questions ${questions.length}: train ${train.length}, test ${test.length}`);
console.log(`threshold chosen on train: ${chosen} (in use: ${KNOWLEDGE_THRESHOLD})`);
for (const [name, rows] of [
  ['train', trainRows],
  ['test', scored(test)],
  ['held-back', scored(loadQuestions('knowledge-heldback.tsv'))],
] as const) {
  const m = measure(rows, KNOWLEDGE_THRESHOLD);
  console.log(
    `${name}: answered ${m.answered}, correct ${m.correct}, precision ${(m.precision * 100).toFixed(1)}%, recall ${(m.recall * 100).toFixed(1)}%, false answers ${m.falseAnswers}`,
  );
}
