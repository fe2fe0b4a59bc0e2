import i18next, { type i18n as I18n } from 'i18next';
import { useTranslation } from 'react-i18next';
import { initReactI18next } from 'react-i18next';
import type { Widen } from './pageWords.ts';

/**
 * The staff workspace's languages: Chinese by default, English on request. i18next holds the
 * catalogues (one namespace per module, registered by the module's `strings.ts`), the current
 * language and its change events; react-i18next re-renders the components that read a namespace.
 *
 * Catalogues are typed objects rather than loose keys: `useStrings(bundle)` returns the current
 * language's object, so a missing English string is a type error, not a blank button.
 * The big screen and the public page do not load this file: they switch language with
 * pageWords.ts, which loads their English only when it is chosen.
 */
export const LANGUAGES = ['zh', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'srx.lang';

function storedLanguage(): Language {
  try {
    const v = globalThis.localStorage?.getItem(STORAGE_KEY);
    return v === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

export const i18n: I18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  lng: storedLanguage(),
  fallbackLng: 'zh',
  resources: {},
  interpolation: { escapeValue: false }, // React escapes
  initAsync: false,
});

/** A module's strings: the Chinese object is the shape; English must match it key for key. */
export type StringBundle<T extends object> = { ns: string; zh: T; en: T };


export function defineStrings<const T extends object>(ns: string, zh: T, en: Widen<T>): StringBundle<Widen<T>> {
  i18n.addResourceBundle('zh', ns, zh, true, true);
  i18n.addResourceBundle('en', ns, en, true, true);
  return { ns, zh: zh as unknown as Widen<T>, en };
}

export function currentLanguage(): Language {
  return i18n.language === 'en' ? 'en' : 'zh';
}

/** The bundle in the current language, outside React (map popups, exports). */
export function stringsOf<T extends object>(bundle: StringBundle<T>): T {
  return currentLanguage() === 'en' ? bundle.en : bundle.zh;
}

/** The bundle in the current language; the component re-renders when the language changes. */
export function useStrings<T extends object>(bundle: StringBundle<T>): T {
  const { i18n: instance } = useTranslation(bundle.ns, { i18n });
  return instance.language === 'en' ? bundle.en : bundle.zh;
}

export async function setLanguage(lang: Language): Promise<void> {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, lang);
  } catch {
    // private mode: the choice lasts this tab only
  }
  document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
  await i18n.changeLanguage(lang);
}
