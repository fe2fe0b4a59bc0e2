import { describe, expect, it } from 'vitest';
import { fullMapHref, isEmbed, readTarget, withTarget } from './deepLink.ts';

describe('public map links', () => {
  it('reads the place a link points at', () => {
    expect(readTarget('?venue=venue-fengyuan-activity-room')).toEqual({ layer: 'venue', id: 'venue-fengyuan-activity-room' });
    expect(readTarget('?embed=1&community=community-370176001012')).toEqual({ layer: 'community', id: 'community-370176001012' });
    expect(readTarget('?venue=<script>')).toBeNull();
    expect(readTarget('?need=n-1')).toBeNull();
    expect(readTarget('')).toBeNull();
  });

  it('knows the embed mode', () => {
    expect(isEmbed('?embed=1')).toBe(true);
    expect(isEmbed('?embed=0')).toBe(false);
    expect(isEmbed('')).toBe(false);
  });

  it('rewrites the address for a selection, keeping the other parameters', () => {
    const href = 'http://x.test/public?embed=1&venue=old#m';
    expect(withTarget(href, { layer: 'community', id: 'c-1' })).toBe('/public?embed=1&community=c-1#m');
    expect(withTarget(href, null)).toBe('/public?embed=1#m');
    expect(fullMapHref('http://x.test/public?embed=1&venue=v-1')).toBe('/public?venue=v-1');
  });
});
