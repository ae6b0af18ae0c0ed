import { toTraditionalTw } from './opencc.js';

/**
 * Mainland words a Taiwan reader reads as foreign, with the Taiwan word (after conversion to
 * traditional characters). The zh-TW locale is checked against it (test/locales-zh-tw.test.ts)
 * and `npm run locales:tw` applies it; answers written in simplified pass through it too.
 */
export const TAIWAN_TERMS: ReadonlyArray<readonly [RegExp, string]> = [
  [/信息/g, '資訊'],
  [/消息/g, '訊息'],
  [/手機號(?!碼)/g, '手機號碼'],
  [/登錄|登陸/g, '登入'],
  [/點擊/g, '點選'],
  [/反饋/g, '回饋'],
  [/配置文件/g, '設定檔'],
  [/文件/g, '檔案'],
  [/環境變量/g, '環境變數'],
  [/密鑰/g, '金鑰'],
  [/接口令牌/g, 'API 權杖'],
  [/令牌/g, '權杖'],
  [/設置|配置/g, '設定'],
  [/用戶名/g, '使用者名稱'],
  [/用戶/g, '使用者'],
  [/不支持/g, '不支援'],
  [/二維碼/g, 'QR Code'],
  [/菜單/g, '選單'],
  [/保存/g, '儲存'],
  [/添加我為好友/g, '加我為好友'],
  [/添加/g, '新增'],
  [/創建/g, '建立'],
  [/刷新/g, '重新整理'],
  [/搜索/g, '搜尋'],
  [/導出/g, '匯出'],
  [/導入/g, '匯入'],
  [/私信/g, '私訊'],
  [/小區/g, '社區'],
  [/回復/g, '回覆'],
  [/視頻/g, '影片'],
  [/軟件/g, '軟體'],
  [/網絡/g, '網路'],
  [/默認/g, '預設'],
  [/短信/g, '簡訊'],
  [/數據/g, '資料'],
  [/服務器/g, '伺服器'],
  [/打印/g, '列印'],
  [/鏈接/g, '連結'],
  [/屏幕/g, '螢幕'],
  [/激活/g, '啟用'],
  [/在線/g, '線上'],
  [/當前/g, '目前'],
];

/** Quotation marks as Taiwan writes them: 「」 and, inside, 『』. */
const TAIWAN_QUOTES: ReadonlyArray<readonly [RegExp, string]> = [
  [/“/g, '「'],
  [/”/g, '」'],
  [/‘/g, '『'],
  [/’/g, '』'],
];

/** Traditional text in Taiwan wording and quotation marks. */
export function taiwanWording(traditional: string): string {
  let out = traditional;
  for (const [re, tw] of [...TAIWAN_TERMS, ...TAIWAN_QUOTES]) out = out.replace(re, tw);
  return out;
}

/**
 * Text written by the property in simplified characters (a knowledge-base answer) as a reader of
 * `language` reads it: traditional in Taiwan wording for zh-TW, unchanged otherwise.
 */
export function inScriptOf(language: string, text: string): string {
  return language === 'zh-TW' ? taiwanWording(toTraditionalTw(text)) : text;
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
