import * as OpenCC from 'opencc-js';

const toTraditionalTw = OpenCC.Converter({ from: 'cn', to: 'tw' });

/**
 * Text written by the property in simplified characters (a knowledge-base answer) as a reader of
 * `language` reads it: traditional for zh-TW, unchanged otherwise.
 */
export function inScriptOf(language: string, text: string): string {
  return language === 'zh-TW' ? toTraditionalTw(text) : text;
}

/**
 * Written in English: no Chinese at all and at least three Latin words ("my sink is leaking",
 * "tomorrow 2pm ok"). "ok", "1" or "BX2026…" alone say nothing about the writer's language.
 */
export function writesEnglish(text: string): boolean {
  if (/\p{Script=Han}/u.test(text)) return false;
  const words = text.match(/[A-Za-z]{2,}/g) ?? [];
  return words.length >= 3 && words.join('').length >= 10;
}
