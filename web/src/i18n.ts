import i18next from 'i18next';

export const LANGUAGES = ['zh-CN', 'zh-TW', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** One i18next instance, fed the `console.*` and domain keys of locales/*.json by the server. */
export const i18n = i18next.createInstance();

export const t = (key: string | string[], opts?: Record<string, unknown>): string =>
  i18n.t(key, opts) as string;

export function initialLanguage(): Language {
  const saved = localStorage.getItem('lang');
  return (LANGUAGES as readonly string[]).includes(saved ?? '') ? (saved as Language) : 'zh-CN';
}

export async function loadLanguage(lng: Language): Promise<void> {
  const res = await fetch(`/console/locales/${lng}.json`);
  const resources = (await res.json()) as Record<string, unknown>;
  if (!i18n.isInitialized) {
    await i18n.init({
      lng,
      fallbackLng: 'zh-CN',
      resources: { [lng]: { translation: resources } },
      interpolation: { escapeValue: false },
    });
  } else {
    i18n.addResourceBundle(lng, 'translation', resources, true, true);
    await i18n.changeLanguage(lng);
  }
  document.documentElement.lang = lng;
  document.title = t('console.title');
  localStorage.setItem('lang', lng);
}
