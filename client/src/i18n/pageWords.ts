import { useSyncExternalStore } from 'react';
import type { Lang } from '../../../model/index.ts';

/**
 * The language of the big screen and the public map. They do not load i18next (i18n.ts, the staff
 * workspace's): each holds its Chinese catalogue in its bundle and fetches the English one
 * (a dynamic import) only when English is chosen, so the Chinese first view does not grow.
 *
 * `?lang=en` (or `zh`) on the address decides first — the wall has no mouse, its link says it —
 * then the choice this browser remembered (`srx.lang`, the same key as the staff workspace's).
 */
const STORAGE_KEY = 'srx.lang';

/** A catalogue's English must have the Chinese one's shape, with any strings. */
export type Widen<T> = T extends string ? string : T extends (...args: infer A) => infer R ? (...args: A) => R : { [K in keyof T]: Widen<T[K]> };

export function chosenLanguage(search: string): Lang {
  const asked = new URLSearchParams(search).get('lang');
  if (asked === 'en' || asked === 'zh') return asked;
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

/** Remember a visitor's choice; a `?lang=` on the address would override it on reload: drop it. */
function remember(lang: Lang): void {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, lang);
  } catch {
    // private mode: the choice lasts this page only
  }
  const url = new URL(window.location.href);
  if (url.searchParams.has('lang') && url.searchParams.get('lang') !== lang) {
    url.searchParams.delete('lang');
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
  }
}

export type PageWords<T> = {
  get(): T;
  lang(): Lang;
  /** Switch (loading English the first time); `keep` remembers the choice for this browser. */
  set(lang: Lang, options?: { keep?: boolean }): Promise<void>;
  subscribe(listener: () => void): () => void;
};

export function pageWords<T>(zh: T, loadEn: () => Promise<T>): PageWords<T> {
  let lang: Lang = 'zh';
  let en: T | null = null;
  const listeners = new Set<() => void>();
  return {
    get: () => (lang === 'en' && en ? en : zh),
    lang: () => lang,
    async set(next, options) {
      if (options?.keep) remember(next);
      if (next === 'en') en ??= await loadEn();
      if (next === lang) return;
      lang = next;
      document.documentElement.lang = next === 'en' ? 'en' : 'zh-CN';
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}

/** The catalogue in the current language; the component re-renders when it changes. */
export function useWords<T>(words: PageWords<T>): T {
  return useSyncExternalStore(words.subscribe, words.get, words.get);
}
