import { chooseThreshold, loadQuestions, measure, scored, split } from '../../src/chat/knowledge/evaluate.js';
import { KNOWLEDGE_THRESHOLD } from '../../src/services/knowledge-service.js';

/**
 * Answer precision of the knowledge base on held-out owner questions (flows/knowledge-questions.tsv,
 * split once by a fixed seed). The threshold is the train split's choice; the test split only
 * measures it.
 */
describe('knowledge-base answers', () => {
  const questions = loadQuestions();
  const { train, test } = split(questions);
  const trainRows = scored(train);
  const testRows = scored(test);

  it('has at least 100 labelled questions, some with no answer', () => {
    expect(questions.length).toBeGreaterThanOrEqual(100);
    expect(questions.filter((q) => !q.topic).length).toBeGreaterThanOrEqual(20);
  });

  it('uses the threshold chosen on the train split', () => {
    expect(KNOWLEDGE_THRESHOLD).toBe(chooseThreshold(trainRows));
  });

  it('answers held-out questions with precision ≥ 90%', () => {
    const m = measure(testRows, KNOWLEDGE_THRESHOLD);
    const t = measure(trainRows, KNOWLEDGE_THRESHOLD);
    console.log(
      `knowledge base: ${questions.length} questions (train ${train.length}, test ${test.length}), threshold ${KNOWLEDGE_THRESHOLD}\n` +
        `  train: answered ${t.answered}, correct ${t.correct}, precision ${(t.precision * 100).toFixed(1)}%, recall ${(t.recall * 100).toFixed(1)}%, false answers ${t.falseAnswers}\n` +
        `  test:  answered ${m.answered}, correct ${m.correct}, precision ${(m.precision * 100).toFixed(1)}%, recall ${(m.recall * 100).toFixed(1)}%, false answers ${m.falseAnswers}`,
    );
    expect(m.precision).toBeGreaterThanOrEqual(0.9);
    expect(m.recall).toBeGreaterThanOrEqual(0.6);
  });
});
