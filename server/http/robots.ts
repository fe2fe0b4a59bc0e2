import type { Hono, MiddlewareHandler } from 'hono';

/**
 * What search engines may index: the public map (`/public`, its `?venue=` links and its share
 * picture, and the scripts and styles it is drawn with), nothing else — the staff page, the big
 * screen, the report, the API, the sync socket, the tiles. With the public link switched off, nothing at all.
 * The staff, screen and report pages also say `noindex` themselves (header and meta), so a leaked link
 * with a token in it is never indexed, even by a crawler that ignores robots.txt.
 */

/** Allow lines first: a crawler that takes the first match (not the longest, as RFC 9309 says) reads them the same. */
const ON = `# 三人行地图: the public map may be indexed; staff pages, the big screen, reports and the API may not.
User-agent: *
Allow: /public$
Allow: /public?
Allow: /public/share.png
Allow: /assets/
Disallow: /$
Disallow: /?
Disallow: /screen
Disallow: /report
Disallow: /api/
Disallow: /sync/
Disallow: /tiles/
Disallow: /
`;

const OFF = `# 三人行地图: the public map is switched off.
User-agent: *
Disallow: /
`;

export function robotsTxt(publicEnabled: boolean): string {
  return publicEnabled ? ON : OFF;
}

export function mountRobots(app: Hono, deps: { publicEnabled: () => boolean }): void {
  // Revalidated: when an admin switches the public link, crawlers should learn it at their next visit.
  app.get('/robots.txt', (c) => c.text(robotsTxt(deps.publicEnabled()), 200, { 'Cache-Control': 'no-cache' }));
}

/** For the staff and screen pages: never indexed, nor their links followed. */
export const NOINDEX = { 'X-Robots-Tag': 'noindex, nofollow' } as const;

export const noindex: MiddlewareHandler = async (c, next) => {
  await next();
  c.res.headers.set('X-Robots-Tag', NOINDEX['X-Robots-Tag']);
};
