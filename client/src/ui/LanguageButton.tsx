import { useWords, type PageWords } from '../i18n/pageWords.ts';

type SwitchWords = { lang: string; language: string; languageHint: string };

/**
 * 中文 / EN on the pages without i18next (the public map, the big screen): it names the other
 * language in that language, and remembers the choice for this browser. Its name is what it shows
 * (a voice-control user says what they see, WCAG 2.5.3); the hint is its description (title).
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
      data-testid="language"
      onClick={() => void words.set(other, { keep: true })}
    >
      {w.language}
    </button>
  );
}
