import { pageWords, useWords, type Widen } from '../i18n/pageWords.ts';
import { zhScreen } from '../i18n/zhScreen.ts';

export type ScreenText = Widen<typeof zhScreen>;

/** The wall's words: Chinese in the bundle, English fetched when `?lang=en` asks (pageWords.ts). */
export const screenWords = pageWords<ScreenText>(zhScreen, () => import('../i18n/enScreen.ts').then((m) => m.enScreen));

export function useScreenWords(): ScreenText {
  return useWords(screenWords);
}
