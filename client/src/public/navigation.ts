import gcoord from 'gcoord';

/**
 * 导航: links that open a place in 高德, 百度 and 腾讯 maps, from its WGS-84 point (how every
 * feature is stored). Each app's public web URI for a marker, which on a phone offers its app.
 * The Chinese apps draw in shifted systems, so each link carries the point in the system its
 * scheme reads, converted here with gcoord and said in the link, rather than left to a default:
 *
 * - 高德 `https://uri.amap.com/marker?position=<lng>,<lat>&name=&src=&coordinate=gaode&callnative=1`:
 *   position is lng,lat; coordinate=gaode is GCJ-02 (the default; wgs84 is also accepted);
 *   callnative=1 tries the app on a phone. lbs.amap.com/api/uri-api/guide/mobile-web/point
 * - 百度 `https://api.map.baidu.com/marker?location=<lat>,<lng>&title=&content=&output=html&coord_type=bd09ll&src=`:
 *   location is lat,lng; coord_type defaults to bd09ll (BD-09; gcj02 and wgs84 are accepted);
 *   title, content, output=html and src are required. lbsyun.baidu.com/index.php?title=uri/api/web
 *   (its 标注 table, as quoted at cnblogs.com/lst619247/p/9294579.html)
 * - 腾讯 `https://apis.map.qq.com/uri/v1/marker?marker=coord:<lat>,<lng>;title:…;addr:…&coord_type=2&referer=`:
 *   coord is lat,lng; coord_type 2 is Tencent's own (GCJ-02, the default), 1 GPS; title, addr
 *   and referer are required. lbs.qq.com/webApi/uriV1/uriGuide/uriWebMarker
 *
 * Converting ourselves keeps the three links computed one way and testable against gcoord.
 */

export type NavApp = 'amap' | 'baidu' | 'tencent';
export const NAV_APPS: readonly NavApp[] = ['amap', 'baidu', 'tencent'];

/** Where to go: a WGS-84 [lng, lat], the name to show there, the address when there is one. */
export type NavTarget = { lngLat: readonly [number, number]; name: string; address: string | null };
export type NavLink = { app: NavApp; href: string };

/** Who is asking (src / referer): the apps ask callers to name themselves. */
const SOURCE = 'sanrenxing-map';
/** 百度's src is `webapp.<company>.<app>`. */
const BAIDU_SOURCE = 'webapp.jngxq.sanrenxing';

/** 6 decimals: about 0.1 m, finer than any of the systems' offsets are known. */
const fixed = (n: number) => n.toFixed(6);

function toSystem(lngLat: readonly [number, number], system: typeof gcoord.GCJ02 | typeof gcoord.BD09): [number, number] {
  const [lng, lat] = gcoord.transform([lngLat[0], lngLat[1]], gcoord.WGS84, system);
  return [lng, lat];
}

/** 腾讯's marker value is `key:value;key:value`: a `;`, `:` or `|` inside a value would end it early. */
const markerValue = (text: string) => text.replace(/;/g, '；').replace(/:/g, '：').replace(/\|/g, '｜');

/** Values encoded, the comma between two coordinates left as the documentation writes it. */
const query = (params: ReadonlyArray<readonly [string, string]>) => params.map(([k, v]) => `${k}=${encodeURIComponent(v).replace(/%2C/g, ',')}`).join('&');

export function navigationLinks(target: NavTarget): NavLink[] {
  const [gLng, gLat] = toSystem(target.lngLat, gcoord.GCJ02);
  const [bLng, bLat] = toSystem(target.lngLat, gcoord.BD09);
  const about = target.address ?? target.name;
  const tencentMarker = `coord:${fixed(gLat)},${fixed(gLng)};title:${encodeURIComponent(markerValue(target.name))};addr:${encodeURIComponent(markerValue(about))}`;
  return [
    {
      app: 'amap',
      href: `https://uri.amap.com/marker?${query([
        ['position', `${fixed(gLng)},${fixed(gLat)}`],
        ['name', target.name],
        ['src', SOURCE],
        ['coordinate', 'gaode'],
        ['callnative', '1'],
      ])}`,
    },
    {
      app: 'baidu',
      href: `https://api.map.baidu.com/marker?${query([
        ['location', `${fixed(bLat)},${fixed(bLng)}`],
        ['title', target.name],
        ['content', about],
        ['output', 'html'],
        ['coord_type', 'bd09ll'],
        ['src', BAIDU_SOURCE],
      ])}`,
    },
    // The marker's separators stay as written in the documentation; its values are encoded.
    { app: 'tencent', href: `https://apis.map.qq.com/uri/v1/marker?marker=${tencentMarker}&${query([['coord_type', '2'], ['referer', SOURCE]])}` },
  ];
}
