import { pageWords, useWords, type Widen } from '../i18n/pageWords.ts';
import { zhPublic } from '../i18n/zhPublic.ts';

export type PublicText = Widen<typeof zhPublic>;

/** The public map's words: Chinese in the bundle, English fetched when chosen (pageWords.ts). */
export const publicWords = pageWords<PublicText>(zhPublic, () => import('../i18n/enPublic.ts').then((m) => m.enPublic));

export function usePublicWords(): PublicText {
  return useWords(publicWords);
}
