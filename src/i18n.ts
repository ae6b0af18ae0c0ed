import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type i18n, type TFunction } from 'i18next';
import { LANGUAGES, type Language } from './config/schema.js';
import { projectRoot } from './paths.js';

export type { TFunction };

let instance: i18n | undefined;

function loadResources(): Record<string, { translation: Record<string, unknown> }> {
  return Object.fromEntries(
    LANGUAGES.map((lng) => [
      lng,
      { translation: JSON.parse(readFileSync(join(projectRoot, 'locales', `${lng}.json`), 'utf8')) },
    ]),
  );
}

/** All user-facing text comes from locales/<lang>.json through this one i18next instance. */
export function getI18n(defaultLanguage: Language = 'zh-CN'): i18n {
  if (!instance) {
    instance = i18next.createInstance();
    void instance.init({
      initAsync: false,
      resources: loadResources(),
      lng: defaultLanguage,
      fallbackLng: ['zh-CN'],
      supportedLngs: [...LANGUAGES],
      interpolation: { escapeValue: false },
      returnNull: false,
    });
  }
  return instance;
}

export function translator(language: string | undefined): TFunction {
  const i18n = getI18n();
  const lng = LANGUAGES.includes(language as Language) ? language : undefined;
  return i18n.getFixedT(lng ?? (i18n.language as Language));
}

/** Picks the best supported language from an Accept-Language header. */
export function languageFromHeader(header: string | undefined): Language | undefined {
  if (!header) return undefined;
  for (const part of header.split(',')) {
    const tag = part.split(';')[0]!.trim().toLowerCase();
    if (tag.startsWith('en')) return 'en';
    if (tag === 'zh-tw' || tag === 'zh-hk' || tag === 'zh-hant' || tag.startsWith('zh-hant')) return 'zh-TW';
    if (tag.startsWith('zh')) return 'zh-CN';
  }
  return undefined;
}
