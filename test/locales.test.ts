import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../src/paths.js';

const flatten = (o: Record<string, unknown>, prefix = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) =>
    v && typeof v === 'object' ? flatten(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
const load = (lng: string) => JSON.parse(readFileSync(join(projectRoot, 'locales', `${lng}.json`), 'utf8'));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('locales', () => {
  const keys = Object.fromEntries(['zh-CN', 'zh-TW', 'en'].map((l) => [l, new Set(flatten(load(l)))]));

  it('have the same keys in zh-CN, zh-TW and en', () => {
    const cn = [...keys['zh-CN']!].sort();
    expect([...keys['zh-TW']!].sort()).toEqual(cn);
    expect([...keys.en!].sort()).toEqual(cn);
  });

  it('hold every literal key the code asks for', () => {
    const used = new Set<string>();
    for (const file of [
      ...sources(join(projectRoot, 'src')),
      ...sources(join(projectRoot, 'flows')),
      ...sources(join(projectRoot, 'bots')),
    ]) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:\bt|say)\(\s*'([a-z_]+(?:\.[a-z_]+)+)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(40);
    const missing = [...used].filter((k) => !keys['zh-CN']!.has(k));
    expect(missing).toEqual([]);
  });

  it('hold every literal key the web console asks for, and every prefix it builds keys from', () => {
    const text = consoleSources(join(projectRoot, 'web', 'src'))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const literal = [...text.matchAll(/(?:\$t|\bt)\(\s*'([a-z_]+(?:\.[a-z_]+)+)'/g)].map((m) => m[1]!);
    const prefixes = [...text.matchAll(/(?:\$t|\bt)\(`([a-z_]+(?:\.[a-z_]+)*)\.\$\{/g)].map((m) => m[1]!);
    expect(literal.length).toBeGreaterThan(30);
    expect(literal.filter((k) => !keys['zh-CN']!.has(k))).toEqual([]);
    const all = [...keys['zh-CN']!];
    expect(prefixes.filter((p) => !all.some((k) => k.startsWith(`${p}.`)))).toEqual([]);
  });
});

/** The console's sources: TypeScript and Vue single-file components under web/src. */
function consoleSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? consoleSources(join(dir, e.name))
      : /\.(ts|vue)$/.test(e.name)
        ? [join(dir, e.name)]
        : [],
  );
}
