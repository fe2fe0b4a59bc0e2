import { describe, expect, it } from 'vitest';
import { SOURCE_NOTES, sourceIn } from '../model/index.ts';
import { loadSeed } from './load.ts';

/** What the 出处 field shows: Chinese in the Chinese interface, its notes in English in the English one. */
const seed = loadSeed();
const sources = seed.flatMap((f) => (f.source ? [{ id: f.id, source: f.source }] : []));
/** Outside the article's quotes and titles. */
const unquoted = (s: string) => s.replace(/“(?:[^“”]|“[^“”]*”)*”/g, '').replace(/《[^》]*》/g, '');
/** Latin words a Chinese source may hold: the names of the outline's data set and its licence. */
const NAMES = new Set(['github', 'com', 'thebamboogrove', 'tudigong', 'counties', 'geo', 'topojson', 'MIT', 'CTAmap', 'v', 'Rui', 'Cheng']);

describe('the seed’s sources', () => {
  it('are Chinese: no developer English in them', () => {
    expect(sources.length).toBe(seed.length);
    const english = sources.flatMap(({ id, source }) => (unquoted(source).match(/[A-Za-z]+/g) ?? []).filter((w) => !NAMES.has(w)).map((w) => `${id}: ${w}`));
    expect(english).toEqual([]);
  });

  it('read in English in the English interface: every note translated, Chinese punctuation only in quotes and names', () => {
    for (const { id, source } of sources) {
      const en = sourceIn(source, 'en');
      for (const note of Object.values(SOURCE_NOTES)) expect(en, id).not.toContain(note.zh);
      expect(unquoted(en), id).not.toMatch(/[。；：，]/);
      expect(sourceIn(source, 'zh')).toBe(source);
    }
    const street = sources.find((s) => s.id === 'street-yaoqiang')!;
    expect(sourceIn(street.source, 'en')).toBe(
      'Name and code: NBS 2023. Boundary: approximate, drawn by us (no public 街道 boundary exists) from the tudigong/CTAmap 2021 zone outline, as the north part (part 0) east of 117.19°E, which holds Jinan Yaoqiang airport',
    );
  });
});
