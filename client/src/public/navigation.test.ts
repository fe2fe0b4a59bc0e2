import gcoord from 'gcoord';
import { describe, expect, it } from 'vitest';
import { navigationLinks, type NavApp } from './navigation.ts';

/** 凤园社区 活动室 as the seed places it (WGS-84). */
const WGS84: [number, number] = [117.127466, 36.673317];
const NAME = '凤园社区 活动室 & 书屋#1';
const ADDRESS = '济南市高新区凤园路 1 号';

const links = navigationLinks({ lngLat: WGS84, name: NAME, address: ADDRESS });
const hrefOf = (app: NavApp) => new URL(links.find((l) => l.app === app)!.href);
const expected = (system: typeof gcoord.GCJ02 | typeof gcoord.BD09) => gcoord.transform(WGS84, gcoord.WGS84, system).map((n) => n.toFixed(6));

/** 腾讯's marker parameter: `coord:lat,lng;title:…;addr:…`. */
function tencentMarker(url: URL): Record<string, string> {
  return Object.fromEntries(url.searchParams.get('marker')!.split(';').map((part) => [part.slice(0, part.indexOf(':')), part.slice(part.indexOf(':') + 1)]));
}

describe('navigation links', () => {
  // Each app: its marker page, where its scheme keeps the point (and in which order), the system.
  const CASES = [
    { app: 'amap', page: 'https://uri.amap.com/marker', point: (u: URL) => u.searchParams.get('position'), latFirst: false, system: gcoord.GCJ02, says: ['coordinate', 'gaode'] },
    { app: 'baidu', page: 'https://api.map.baidu.com/marker', point: (u: URL) => u.searchParams.get('location'), latFirst: true, system: gcoord.BD09, says: ['coord_type', 'bd09ll'] },
    { app: 'tencent', page: 'https://apis.map.qq.com/uri/v1/marker', point: (u: URL) => tencentMarker(u).coord, latFirst: true, system: gcoord.GCJ02, says: ['coord_type', '2'] },
  ] as const;

  it.each(CASES)('gives $app the point in $system, in its order, and says which system', ({ app, page, point, latFirst, system, says }) => {
    const url = hrefOf(app);
    expect(`${url.origin}${url.pathname}`).toBe(page);
    const [lng, lat] = expected(system);
    expect(point(url)).toBe(latFirst ? `${lat},${lng}` : `${lng},${lat}`);
    expect(url.searchParams.get(says[0])).toBe(says[1]);
  });

  it('names the place in each app, and gives 百度 and 腾讯 the address they ask for', () => {
    expect(hrefOf('amap').searchParams.get('name')).toBe(NAME);
    const baidu = hrefOf('baidu');
    expect([baidu.searchParams.get('title'), baidu.searchParams.get('content'), baidu.searchParams.get('output')]).toEqual([NAME, ADDRESS, 'html']);
    expect(baidu.searchParams.get('src')).toMatch(/^webapp\.[^.]+\.[^.]+$/);
    const tencent = hrefOf('tencent');
    expect(tencentMarker(tencent)).toMatchObject({ title: NAME, addr: ADDRESS });
    expect(tencent.searchParams.get('referer')).toBeTruthy();
  });

  it('moves the point by the shifts the apps expect: a few hundred metres, not none', () => {
    // In Jinan GCJ-02 is ~0.006° east of WGS-84 and BD-09 another ~0.006°: a link left in
    // WGS-84 would put the marker a street or two away.
    const gcj = expected(gcoord.GCJ02).map(Number);
    const bd = expected(gcoord.BD09).map(Number);
    expect(gcj[0]! - WGS84[0]).toBeGreaterThan(0.004);
    expect(bd[0]! - gcj[0]!).toBeGreaterThan(0.004);
  });

  it('URL-encodes the name (and the address) in every link', () => {
    for (const { href } of links) {
      expect(href).not.toContain(NAME);
      expect(href).not.toContain(' ');
      expect(href).toContain(encodeURIComponent(NAME));
    }
    // & and # in a name neither end a parameter nor start a fragment.
    for (const app of ['amap', 'baidu'] as const) expect(hrefOf(app).hash).toBe('');
  });

  it('keeps a name’s ; and : from breaking 腾讯’s marker, and falls back to the name without an address', () => {
    const url = new URL(navigationLinks({ lngLat: WGS84, name: '书屋;title:x', address: null }).find((l) => l.app === 'tencent')!.href);
    const marker = tencentMarker(url);
    expect(Object.keys(marker)).toEqual(['coord', 'title', 'addr']);
    expect(marker.title).toBe('书屋；title：x');
    expect(marker.addr).toBe('书屋；title：x');
  });
});
