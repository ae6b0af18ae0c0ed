import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inScriptOf, TAIWAN_TERMS } from '../src/chat/text/script.js';
import { projectRoot } from '../src/paths.js';

type Tree = { [key: string]: string | Tree };
const texts = (t: Tree, prefix = ''): Array<[string, string]> =>
  Object.entries(t).flatMap(([k, v]) =>
    typeof v === 'string' ? [[`${prefix}${k}`, v] as [string, string]] : texts(v, `${prefix}${k}.`),
  );

/** zh-TW reads as Taiwan writes: no mainland words (信息, 手機號, 登錄, 點擊…) and 「」 quotes. */
describe('the zh-TW locale', () => {
  const all = texts(JSON.parse(readFileSync(join(projectRoot, 'locales', 'zh-TW.json'), 'utf8')) as Tree);

  it('uses no mainland term', () => {
    const found = all.flatMap(([key, text]) =>
      TAIWAN_TERMS.filter(([re]) => new RegExp(re.source).test(text)).map(([re]) => `${key}: ${re.source}`),
    );
    expect(found).toEqual([]);
  });

  it('quotes with 「」, not “”', () => {
    expect(all.filter(([, text]) => /[“”‘’]/.test(text)).map(([key]) => key)).toEqual([]);
  });
});

describe('an answer written in simplified, read in zh-TW', () => {
  it('comes in Taiwan wording and quotes', () => {
    const tw = inScriptOf('zh-TW', '请告诉我“家里停电了”，信息会发到您的手机号，也可以点击链接查看视频。');
    expect(tw).toBe('請告訴我「家裡停電了」，資訊會發到您的手機號碼，也可以點選連結查看影片。');
  });

  it('keeps a fee schedule’s 项目 as 項目, not 專案 (a project)', () => {
    expect(inScriptOf('zh-TW', '按《维修项目收费标准》收费')).toBe('按《維修項目收費標準》收費');
  });

  it('leaves zh-CN as written', () => {
    expect(inScriptOf('zh-CN', '请点击“确认”')).toBe('请点击“确认”');
  });
});
