/**
 * The people FACTS.md names, with the romanisations an id might carry. Used by the tests only:
 * a feature id must never carry a person's name (ids travel in URLs, logs and the public room),
 * and no public projection may carry one either (see the privacy rule in article.ts).
 */
export const PERSONS = [
  { name: '刘倩', pinyin: ['liu', 'qian'] },
  { name: '肖翠翠', pinyin: ['xiao', 'cuicui'] },
  { name: '赵雨蒙', pinyin: ['zhao', 'yumeng'] },
  { name: '徐建国', pinyin: ['xu', 'jianguo'] },
  { name: '杜晓蕾', pinyin: ['du', 'xiaolei'] },
  { name: '程皓', pinyin: ['cheng', 'hao'] },
  { name: '孙宝玲', pinyin: ['sun', 'baoling'] },
  { name: '张兆荣', pinyin: ['zhang', 'zhaorong'] },
  { name: '李新新', pinyin: ['li', 'xinxin'] },
] as const;

/**
 * Strings that would identify the person in an id: the name in characters, surname+given name
 * in either order with any separator, and a given name of 5+ letters on its own (shorter ones,
 * like "hao", occur in ordinary words).
 */
export function nameMarkers(person: (typeof PERSONS)[number]): string[] {
  const [surname, given] = person.pinyin;
  const markers: string[] = [person.name];
  for (const sep of ['', '-', '_', ':']) markers.push(`${surname}${sep}${given}`, `${given}${sep}${surname}`);
  if (given.length >= 5) markers.push(given);
  return markers;
}
