import { describe, expect, it } from 'vitest';
import { SourceFeed } from './sourceFeed.ts';

describe('SourceFeed', () => {
  it('skips data that is the same object as the last applied', () => {
    const calls: Array<[string, object]> = [];
    const feed = new SourceFeed<object>((id, data) => calls.push([id, data]));
    feed.setReady();
    const a = { n: 1 };
    expect(feed.push('venue', a)).toBe(true);
    expect(feed.push('venue', a)).toBe(false);
    expect(feed.push('venue', a)).toBe(false);
    expect(calls).toEqual([['venue', a]]);
    expect(feed.stats).toEqual({ applied: 1, skipped: 2 });
  });

  it('applies a new object even when it is deep-equal (the store only makes one on change)', () => {
    const calls: string[] = [];
    const feed = new SourceFeed<object>((id) => calls.push(id));
    feed.setReady();
    feed.push('venue', { n: 1 });
    feed.push('venue', { n: 1 });
    expect(calls).toEqual(['venue', 'venue']);
  });

  it('keeps only the latest data per source until ready, then applies it once', () => {
    const calls: Array<[string, object]> = [];
    const feed = new SourceFeed<object>((id, data) => calls.push([id, data]));
    const a = { n: 1 };
    const b = { n: 2 };
    const c = { n: 3 };
    feed.push('venue', a);
    feed.push('venue', b);
    feed.push('street', c);
    feed.push('street', c);
    expect(calls).toEqual([]);
    feed.setReady();
    expect(calls).toEqual([
      ['venue', b],
      ['street', c],
    ]);
    feed.push('venue', b);
    expect(calls).toHaveLength(2);
  });

  it('tracks sources independently', () => {
    const calls: string[] = [];
    const feed = new SourceFeed<object>((id) => calls.push(id));
    feed.setReady();
    const a = {};
    feed.push('venue', a);
    feed.push('partner', a);
    feed.push('venue', a);
    expect(calls).toEqual(['venue', 'partner']);
  });
});
