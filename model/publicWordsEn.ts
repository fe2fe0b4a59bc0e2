import type { PUBLIC_WORDS } from './publicPage.ts';

/**
 * publicPage.ts's words in English, for a visitor who chose it (`?lang=en`, or the page's
 * switch). A module of its own, so the Chinese page's bundle, which never shows it, leaves it out.
 */
export type PublicWords = {
  title: string;
  subtitle: string;
  summary: (venues: number, activities: number, partners: number) => string;
  tabs: Record<keyof typeof PUBLIC_WORDS.tabs, string>;
  emptyList: string;
};

export const PUBLIC_WORDS_EN: PublicWords = {
  title: 'Sanrenxing Map',
  subtitle: 'Community services of the High-tech Zone',
  summary: (venues, activities, partners) => `${venues} venues · ${activities} activities and classes · ${partners} partners`,
  tabs: { venue: 'Venues', activity: 'Activities', partner: 'Partners' },
  emptyList: 'None yet',
};
