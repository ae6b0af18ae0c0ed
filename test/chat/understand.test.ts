import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeText } from '../../src/chat/text/normalize.js';
import { understand } from '../../src/chat/understand.js';
import { projectRoot } from '../../src/paths.js';

const rows = readFileSync(join(projectRoot, 'flows/corpus/owner-messages.tsv'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() && !l.startsWith('#'))
  .map((l) => {
    const [text, kind, category] = l.split('\t');
    return { text: text!, kind: kind!, category: category || undefined };
  });

describe('understanding owner messages (public corpus flows/corpus/owner-messages.tsv)', () => {
  const results = rows.map((r) => ({ ...r, got: understand(normalizeText(r.text).text) }));
  const kindHits = results.filter((r) => r.got.kind === r.kind).length;
  const withCategory = results.filter((r) => r.category);
  const categoryHits = withCategory.filter((r) => r.got.category === r.category).length;

  it('has at least 150 messages in both scripts', () => {
    expect(rows.length).toBeGreaterThanOrEqual(150);
    expect(rows.filter((r) => normalizeText(r.text).traditional).length).toBeGreaterThanOrEqual(20);
  });

  it('reports its accuracy and keeps kind ≥ 95% and category ≥ 90%', () => {
    const misses = results
      .filter((r) => r.got.kind !== r.kind || (r.category && r.got.category !== r.category))
      .map((r) => `${r.text} → ${r.got.kind}/${r.got.category} (expected ${r.kind}/${r.category ?? '-'})`);
    console.log(
      `corpus: ${rows.length} messages; kind ${kindHits}/${rows.length} = ${((100 * kindHits) / rows.length).toFixed(1)}%; ` +
        `category ${categoryHits}/${withCategory.length} = ${((100 * categoryHits) / withCategory.length).toFixed(1)}%\n` +
        misses.join('\n'),
    );
    expect(kindHits / rows.length).toBeGreaterThanOrEqual(0.95);
    expect(categoryHits / withCategory.length).toBeGreaterThanOrEqual(0.9);
  });

  it.each([
    ['厨房水管漏水了', { kind: 'repair', category: 'plumbing', department: 'engineering', scope: 'in_unit' }],
    ['3栋电梯坏了', { kind: 'repair', category: 'elevator', scope: 'public', location: '3栋电梯' }],
    ['表扬维修工老张，半夜来修水管', { kind: 'praise' }],
    ['家里有股煤气味', { kind: 'repair', category: 'gas', urgent: true }],
  ])('reads %s', (text, expected) => {
    expect(understand(normalizeText(text).text)).toMatchObject(expected);
  });
});
