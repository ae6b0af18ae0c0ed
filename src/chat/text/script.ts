import * as OpenCC from 'opencc-js';

const toTraditionalTw = OpenCC.Converter({ from: 'cn', to: 'tw' });

/**
 * Text written by the property in simplified characters (a knowledge-base answer) as a reader of
 * `language` reads it: traditional for zh-TW, unchanged otherwise.
 */
export function inScriptOf(language: string, text: string): string {
  return language === 'zh-TW' ? toTraditionalTw(text) : text;
}
