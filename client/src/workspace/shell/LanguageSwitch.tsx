import { currentLanguage, setLanguage, useStrings } from '../../i18n/i18n.ts';
import { shellStrings } from './strings.ts';

/** 中文 ⇄ English. The choice is this browser's (localStorage), not shared with colleagues. */
export function LanguageSwitch() {
  const s = useStrings(shellStrings);
  return (
    <button type="button" className="btn btn--ghost" title={s.languageHint} data-testid="language" onClick={() => void setLanguage(currentLanguage() === 'en' ? 'zh' : 'en')}>
      {s.language}
    </button>
  );
}
