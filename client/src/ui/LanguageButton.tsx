import { useWords, type PageWords } from '../i18n/pageWords.ts';

type SwitchWords = { lang: string; language: string; languageHint: string };

/**
 * 中文 / EN on the pages without i18next (the public map, the big screen): it names the other
 * language in that language, and remembers the choice for this browser.
 */
export function LanguageButton<T extends SwitchWords>({ words, className }: { words: PageWords<T>; className: string }) {
  const w = useWords(words);
  const other = w.lang === 'en' ? 'zh' : 'en';
  return (
    <button
      type="button"
      className={className}
      lang={other === 'zh' ? 'zh-CN' : 'en'}
      title={w.languageHint}
      aria-label={w.languageHint}
      data-testid="language"
      onClick={() => void words.set(other, { keep: true })}
    >
      {w.language}
    </button>
  );
}
