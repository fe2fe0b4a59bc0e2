import { describe, expect, it } from 'vitest';
import { assetsToKeep, isBasemapRequest, isBuildAsset, isSessionRequest, sessionCacheKey, STAFF_NAVIGATION, STAFF_SCOPE } from './swRules.ts';

const ORIGIN = 'http://127.0.0.1:8787';
const url = (p: string) => new URL(p, ORIGIN);
/** The browser's rule for which pages a worker controls: its scope is a prefix of the page's whole URL. */
const controls = (href: string) => href.startsWith(new URL(STAFF_SCOPE, ORIGIN).href);

describe('the staff page’s service worker: where it acts', () => {
  it('controls the staff page with a query, and no other page', () => {
    expect(controls(`${ORIGIN}/?token=abc`)).toBe(true);
    expect(controls(`${ORIGIN}/?`)).toBe(true);
    expect(controls(`${ORIGIN}/?lang=en`)).toBe(true);
    for (const page of ['/public', '/public?venue=v1', '/public?embed=1', '/screen?token=abc', '/screen', '/robots.txt', '/']) {
      expect(controls(`${ORIGIN}${page}`), page).toBe(false);
    }
  });

  it('answers navigations to the staff page only, with any query', () => {
    const nav = (p: string) => STAFF_NAVIGATION.test(url(p).pathname + url(p).search);
    expect(nav('/')).toBe(true);
    expect(nav('/?token=a.b-c')).toBe(true);
    for (const p of ['/public', '/screen?token=x', '/api/session', '/sync/public', '/tiles/local/1/2/3.pbf', '/assets/index-abc.js', '/index.html', '/x/']) {
      expect(nav(p), p).toBe(false);
    }
  });

  it('keeps GET /api/session and /api/basemap and build files, of this origin only', () => {
    expect(isSessionRequest(url('/api/session'), ORIGIN)).toBe(true);
    expect(isSessionRequest(url('/api/sessions'), ORIGIN)).toBe(false);
    expect(isSessionRequest(new URL('https://elsewhere.example/api/session'), ORIGIN)).toBe(false);
    expect(isBasemapRequest(url('/api/basemap'), ORIGIN)).toBe(true);
    expect(isBasemapRequest(url('/api/settings/basemap'), ORIGIN)).toBe(false);
    expect(isBuildAsset(url('/assets/noto-sans-sc-91-500-normal-AbCd1234.woff2'), ORIGIN)).toBe(true);
    expect(isBuildAsset(url('/tiles/local/1/2/3.pbf'), ORIGIN)).toBe(false);
    expect(isBuildAsset(new URL('https://t0.tianditu.gov.cn/assets/x.png'), ORIGIN)).toBe(false);
  });
});

describe('the kept session', () => {
  const request = (token: string | null) => new Request(`${ORIGIN}/api/session`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });

  it('is kept per token, under a key that does not hold the token', async () => {
    const a = await sessionCacheKey(request('token-of-zhang'));
    expect(a).toBe(await sessionCacheKey(request('token-of-zhang')));
    expect(a).not.toBe(await sessionCacheKey(request('token-of-li')));
    expect(a).not.toBe(await sessionCacheKey(request(null)));
    expect(a).not.toContain('token-of-zhang');
    expect(a.startsWith(`${ORIGIN}/api/session?for=`)).toBe(true);
  });
});

describe('what the first visit loaded', () => {
  it('keeps the build files of this origin, once each', () => {
    const urls = [
      `${ORIGIN}/assets/noto-sans-sc-91-500-normal-AbCd1234.woff2`,
      `${ORIGIN}/assets/noto-sans-sc-91-500-normal-AbCd1234.woff2`,
      `${ORIGIN}/api/session`,
      `${ORIGIN}/`,
      'https://t0.tianditu.gov.cn/assets/a.png',
      'ws://127.0.0.1:8787/sync/public',
      'not a url',
    ];
    expect(assetsToKeep(urls, ORIGIN)).toEqual([`${ORIGIN}/assets/noto-sans-sc-91-500-normal-AbCd1234.woff2`]);
  });
});
