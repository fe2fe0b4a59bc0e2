import { describe, expect, it } from 'vitest';
import { featuresOf, writeFeature } from '../../model/index.ts';
import { syncedClient, until, waitFor, type TestClient } from '../helpers/clients.ts';
import { privateFeatures, testPartner, testVenue } from '../helpers/features.ts';
import { decodePng, distinctColours, PNG_SIGNATURE } from '../helpers/png.ts';
import { expectedModules, pngModules, svgModules } from '../helpers/qr.ts';
import { publish } from '../helpers/review.ts';
import { serverPerFile, startServer, type TestServer } from '../helpers/server.ts';

// Sharing the public map (issue #15): robots.txt, the share card in /public's head and its
// picture, and the admins' QR codes. Needs the built client (CLIENT_DIR or dist/client).

const MARKERS = ['13800001111', '私密联系人丙', 'PRIVNOTE-77a'];

let srv: TestServer;
const clients = serverPerFile((s) => (srv = s));

const connected = (room: string, token?: string): Promise<TestClient> => syncedClient(srv.wsUrl, room, token, clients);

/** RFC 9309's reading of a robots.txt for `*`: the longest matching rule wins, Allow on a tie. */
function allowed(robots: string, path: string): boolean {
  let best: { length: number; allow: boolean } | null = null;
  for (const line of robots.split('\n')) {
    const m = /^(Allow|Disallow):\s*(\S*)/i.exec(line.trim());
    if (!m || !m[2]) continue;
    const pattern = m[2];
    const re = new RegExp(`^${pattern.replace(/[.+?^{}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\\\$$|\$$/, '$')}`);
    if (!re.test(path)) continue;
    const allow = m[1]!.toLowerCase() === 'allow';
    if (!best || pattern.length > best.length || (pattern.length === best.length && allow)) best = { length: pattern.length, allow };
  }
  return best?.allow ?? true;
}

/** The share card's tags of a page's head: `og:title` → content (HTML-decoded). */
function cardOf(html: string): Map<string, string> {
  const head = html.slice(0, html.indexOf('</head>'));
  const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  const out = new Map<string, string>();
  for (const m of head.matchAll(/<meta (?:name|property)="([^"]+)" content="([^"]*)">/g)) out.set(m[1]!, decode(m[2]!));
  out.set('title', decode(/<title>([^<]*)<\/title>/.exec(head)?.[1] ?? ''));
  return out;
}

async function switchPublic(enabled: boolean): Promise<void> {
  const res = await fetch(`${srv.url}/api/public-link`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${await srv.token('admin')}`, 'content-type': 'application/json' },
    body: JSON.stringify({ enabled }),
  });
  expect(res.status).toBe(200);
}

async function qr(query: string, token?: string) {
  const res = await fetch(`${srv.url}/api/qr?${query}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const body = Buffer.from(await res.arrayBuffer());
  return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), link: res.headers.get('x-qr-link'), body };
}

describe('robots.txt and noindex', () => {
  it('lets crawlers index the public map only, and nothing while the public link is off', async () => {
    const res = await fetch(`${srv.url}/robots.txt`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const robots = await res.text();
    expect(robots).not.toContain('<html');
    for (const path of ['/public', '/public?venue=venue-x', '/public?embed=1', '/public/share.png', '/public/share.png?venue=v', '/assets/public-abc.js']) expect(allowed(robots, path), path).toBe(true);
    for (const path of ['/', '/?token=abc.def', '/screen', '/screen?token=abc', '/report', '/report?area=suncun&year=2024', '/api/session', '/api/qr?target=public&format=png', '/sync/public', '/tiles/local/1/2/3', '/publicity', '/index.html', '/anything']) {
      expect(allowed(robots, path), path).toBe(false);
    }

    await switchPublic(false);
    try {
      const off = await (await fetch(`${srv.url}/robots.txt`)).text();
      for (const path of ['/public', '/public?venue=venue-x', '/public/share.png', '/assets/public-abc.js', '/']) expect(allowed(off, path), path).toBe(false);
      expect((await fetch(`${srv.url}/public/share.png`)).status).toBe(410);
      expect(await (await fetch(`${srv.url}/public`)).text()).toContain('<meta name="robots" content="noindex">');
    } finally {
      await switchPublic(true);
    }
    expect(allowed(await (await fetch(`${srv.url}/robots.txt`)).text(), '/public')).toBe(true);
  });

  it('marks the staff, screen and report pages noindex, by header and in their HTML; not the public map', async () => {
    for (const path of ['/', '/?token=abc.def', '/screen', '/screen?token=abc', '/report', '/report?area=suncun', '/somewhere/else']) {
      const res = await fetch(`${srv.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('x-robots-tag'), path).toMatch(/noindex/);
      if (path !== '/somewhere/else') expect(await res.text(), path).toContain('<meta name="robots" content="noindex, nofollow"');
    }
    const pub = await fetch(`${srv.url}/public`);
    expect(pub.headers.get('x-robots-tag')).toBeNull();
    expect(await pub.text()).not.toContain('name="robots"');
  });
});

describe('the share card of /public and of a venue link', () => {
  it('describes the zone from the public doc, with absolute links at the request’s own address', async () => {
    const pub = await connected('public');
    let venues = 0;
    let partners = 0;
    featuresOf(pub.doc).forEach((f) => {
      if (f.get('layer') === 'venue') venues++;
      if (f.get('layer') === 'partner') partners++;
    });
    const html = await (await fetch(`${srv.url}/public`)).text();
    const card = cardOf(html);
    expect(card.get('title')).toBe('三人行地图 · 高新区社区服务公开地图');
    expect(card.get('description')).toContain(`${venues} 处阵地、${partners} 个合伙人`);
    expect(card.get('og:description')).toBe(card.get('description'));
    expect(card.get('og:url')).toBe(`${srv.url}/public`);
    expect(card.get('og:image')).toBe(`${srv.url}/public/share.png`);
    expect([card.get('og:type'), card.get('og:locale'), card.get('og:image:width'), card.get('og:image:height'), card.get('twitter:card')]).toEqual(['website', 'zh_CN', '1200', '630', 'summary_large_image']);
    expect(card.get('og:image:alt')).toContain(`${venues} 处阵地`);
    // One title and one description: the built page's were replaced, not doubled.
    expect(html.match(/<title>/g)).toHaveLength(1);
    expect(html.match(/<meta name="description"/g)).toHaveLength(1);
    // Embedded, the same card, canonical to the map itself.
    const embed = await (await fetch(`${srv.url}/public?embed=1`)).text();
    expect(embed).toContain(`<link rel="canonical" href="${srv.url}/public">`);
  });

  it('describes a published venue by its public fields only: a private phone or contact never reaches the head, the picture or its URL', async () => {
    const staff = await connected('street:suncun', await srv.token('admin'));
    const pub = await connected('public');
    const id = 'venue-share-card';
    const draft = 'venue-share-draft';
    writeFeature(staff.doc, {
      ...testVenue(id, { name: '分享卡片阅览室', venueType: '阅览室', address: '济南市高新区孙村街道分享路8号', community: null }),
      private: { phone: MARKERS[0], contact: MARKERS[1], notes: MARKERS[2], address: `联系地址${MARKERS[2]}` },
    });
    // Written, never approved: not on the public map, so its name must not appear anywhere either.
    writeFeature(staff.doc, { ...testVenue(draft, { name: `草稿阵地${MARKERS[1]}` }), private: { phone: MARKERS[0] } });
    await publish(srv, staff, [id]);
    await waitFor('the venue to reach the public room', () => featuresOf(pub.doc).has(id), [pub.doc]);

    const html = await until('the venue link to carry its card', async () => {
      const text = await (await fetch(`${srv.url}/public?venue=${id}`)).text();
      return cardOf(text).get('og:title')?.startsWith('分享卡片阅览室') ? text : null;
    });
    const card = cardOf(html);
    const head = html.slice(0, html.indexOf('</head>'));
    expect(card.get('title')).toBe('分享卡片阅览室 · 三人行地图');
    expect(card.get('description')).toBe('阅览室 · 孙村街道 · 地址：济南市高新区孙村街道分享路8号。济南高新区“三人行”公开地图上的阵地。');
    expect(card.get('og:url')).toBe(`${srv.url}/public?venue=${id}`);
    const image = card.get('og:image')!;
    expect(image).toBe(`${srv.url}/public/share.png?venue=${id}`);
    for (const m of MARKERS) {
      expect(head, m).not.toContain(m);
      expect(image, m).not.toContain(m);
      expect(html, m).not.toContain(m);
    }

    // The picture of that link: a real 1200×630 PNG, not one flat colour, different from the zone's.
    const res = await fetch(image);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const png = Buffer.from(await res.arrayBuffer());
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(png.toString('ascii', 12, 16)).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 630]);
    const decoded = decodePng(png);
    expect(distinctColours(decoded)).toBeGreaterThan(100);
    for (const m of MARKERS) expect(png.includes(Buffer.from(m)), m).toBe(false);
    const zone = await fetch(`${srv.url}/public/share.png`);
    const zonePng = Buffer.from(await zone.arrayBuffer());
    expect(zonePng.equals(png)).toBe(false);
    // Revalidated by its ETag.
    const again = await fetch(image, { headers: { 'if-none-match': res.headers.get('etag')! } });
    expect(again.status).toBe(304);

    // The unpublished venue's link is the zone's card; its name is nowhere in the page.
    const draftHtml = await (await fetch(`${srv.url}/public?venue=${draft}`)).text();
    expect(cardOf(draftHtml).get('og:title')).toBe('三人行地图 · 高新区社区服务公开地图');
    expect(cardOf(draftHtml).get('og:url')).toBe(`${srv.url}/public`);
    expect(draftHtml).not.toContain('草稿阵地');
    expect(Buffer.from(await (await fetch(`${srv.url}/public/share.png?venue=${draft}`)).arrayBuffer()).equals(zonePng)).toBe(true);
  });
});

describe('share cards of activity, partner, community and subdistrict links', () => {
  it('an activity link names it, its time and its venue (whose point the picture rings); a partner link its role and services; a community or subdistrict link what is in it; a private person or a draft gets the zone card', async () => {
    const staff = await connected('street:suncun', await srv.token('admin'));
    const pub = await connected('public');
    const venue = 'venue-share-activity-place';
    const activity = 'activity-share-card';
    const partner = 'partner-share-card';
    const draft = 'activity-share-draft';
    const [person] = privateFeatures({ person: 'partner-share-person', need: 'need-share-person' }, { name: `居民${MARKERS[1]}`, description: MARKERS[2]! });
    writeFeature(staff.doc, testVenue(venue, { name: '分享活动的场地' }));
    const base = { layer: 'activity' as const, street: 'suncun' as const, provenance: 'staff' as const, geometry: { type: 'Point' as const, coordinates: [117.25, 36.69] as [number, number] }, community: null, partners: [partner], year: 2024 };
    writeFeature(staff.doc, { ...base, id: activity, name: '周末书法课', category: '文化艺术', venue, schedule: '每周六 9:00', private: { phone: MARKERS[0], notes: MARKERS[2] } });
    writeFeature(staff.doc, { ...base, id: draft, name: `草稿活动${MARKERS[1]}`, category: '阅读', venue: null });
    writeFeature(staff.doc, { ...testPartner(partner, { name: '分享科技公司', organisation: '分享科技有限公司', services: ['编程课'] }), private: { phone: MARKERS[0] } });
    writeFeature(staff.doc, person);
    await publish(srv, staff, [venue, activity, partner]);
    await waitFor('all three reach the public room', () => [venue, activity, partner].every((id) => featuresOf(pub.doc).has(id)), [pub.doc]);

    const page = async (query: string, title: string) =>
      until(`${query} to carry its card`, async () => {
        const text = await (await fetch(`${srv.url}/public${query}`)).text();
        return cardOf(text).get('og:title') === title ? text : null;
      });
    const activityHtml = await page(`?activity=${activity}`, '周末书法课 · 三人行地图');
    const a = cardOf(activityHtml);
    expect(a.get('description')).toBe('文化艺术 · 2024 年 · 每周六 9:00 · 地点：分享活动的场地。济南高新区“三人行”公开地图上的活动与课堂。');
    expect(a.get('og:url')).toBe(`${srv.url}/public?activity=${activity}`);
    expect(a.get('og:image')).toBe(`${srv.url}/public/share.png?venue=${venue}`);
    const partnerHtml = await page(`?partner=${partner}`, '分享科技公司 · 三人行地图');
    const p = cardOf(partnerHtml);
    expect(p.get('description')).toBe('红色合伙人 · 企业 · 分享科技有限公司 · 服务：编程课。济南高新区“三人行”公开地图上的红色合伙人。');
    expect(p.get('og:url')).toBe(`${srv.url}/public?partner=${partner}`);
    expect(p.get('og:image')).toBe(`${srv.url}/public/share.png`);
    for (const html of [activityHtml, partnerHtml]) for (const m of MARKERS) expect(html, m).not.toContain(m);

    // Not public: a private person (never projected) and an unapproved activity: the zone's card.
    for (const query of [`?partner=${person.id}`, `?activity=${draft}`, `?activity=${partner}`]) {
      const html = await (await fetch(`${srv.url}/public${query}`)).text();
      expect(cardOf(html).get('og:title'), query).toBe('三人行地图 · 高新区社区服务公开地图');
      expect(cardOf(html).get('og:url'), query).toBe(`${srv.url}/public`);
      for (const m of MARKERS) expect(html, `${query} ${m}`).not.toContain(m);
    }
    // A community of the seed with a venue, and its subdistrict: named, with what the map counts in them.
    const all: Array<{ id: string; layer: unknown; community: unknown; street: unknown; name: unknown }> = [];
    featuresOf(pub.doc).forEach((f, id) => all.push({ id, layer: f.get('layer'), community: f.get('community'), street: f.get('street'), name: f.get('name') }));
    const community = all.find((c) => c.layer === 'community' && all.some((v) => v.layer === 'venue' && v.community === c.id))!;
    const inCommunity = (layer: string) => all.filter((f) => f.layer === layer && f.community === community.id).length;
    const c = cardOf(await page(`?community=${community.id}`, `${String(community.name)} · 三人行地图`));
    const counts = [`${inCommunity('venue')} 处阵地`, ...(inCommunity('activity') ? [`${inCommunity('activity')} 项活动与课堂`] : [])].join(' · ');
    expect(c.get('description')).toMatch(new RegExp(`^\\S+街道 · ${counts}( · 服务品牌：.+)?。济南高新区“三人行”公开地图上的社区。$`));
    expect(c.get('og:url')).toBe(`${srv.url}/public?community=${community.id}`);
    const street = all.find((f) => f.layer === 'street' && f.street === community.street)!;
    const st = cardOf(await page(`?street=${street.id}`, `${String(street.name)} · 三人行地图`));
    const inStreet = (layer: string) => all.filter((f) => f.layer === layer && f.street === community.street).length;
    expect(st.get('description')).toBe(`${inStreet('community')} 个社区 · ${inStreet('venue')} 处阵地 · ${inStreet('activity')} 项活动与课堂。济南高新区“三人行”公开地图上的街道。`);
    // The page reads the first place a link names (venue, community, activity, …): so does its card.
    expect(cardOf(await (await fetch(`${srv.url}/public?community=x&activity=${activity}`)).text()).get('og:url')).toBe(`${srv.url}/public`);
  });
});

describe('QR codes for printing', () => {
  it('gives an admin the public map’s link and a published venue’s, as PNG and SVG that encode exactly those links', async () => {
    const admin = await srv.token('admin');
    const pub = await connected('public');
    let venueId = '';
    let venueName = '';
    featuresOf(pub.doc).forEach((f, id) => {
      if (!venueId && f.get('layer') === 'venue') [venueId, venueName] = [id, String(f.get('name'))];
    });
    expect(venueId).not.toBe('');

    for (const [query, link, name] of [
      ['target=public', `${srv.url}/public`, '三人行地图-公开地图-二维码'],
      [`target=venue&id=${venueId}`, `${srv.url}/public?venue=${venueId}`, `三人行地图-${venueName}-二维码`],
    ] as const) {
      const expected = expectedModules(link);
      const svg = await qr(`${query}&format=svg`, admin);
      expect(svg.status).toBe(200);
      expect(svg.type).toMatch(/^image\/svg\+xml/);
      expect(svg.link).toBe(link);
      expect(svgModules(svg.body.toString('utf8'))).toEqual(expected.dark);
      // A caption-friendly name, in Chinese for browsers (RFC 5987) and ASCII for the rest.
      const star = /filename\*=UTF-8''([^;]+)/.exec(svg.disposition ?? '')?.[1];
      expect(decodeURIComponent(star!)).toBe(`${name}.svg`);
      expect(svg.disposition).toMatch(/^attachment; filename="[\x20-\x7e]+\.svg";/);

      const png = await qr(`${query}&format=png`, admin);
      expect(png.status).toBe(200);
      expect(png.type).toBe('image/png');
      expect(decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(png.disposition ?? '')![1]!)).toBe(`${name}.png`);
      expect(decodePng(png.body).width).toBeGreaterThanOrEqual(1000);
      expect(pngModules(png.body, expected.size)).toEqual(expected.dark);
    }
  });

  it('is for admins only, and only for venues on the public map', async () => {
    expect((await qr('target=public&format=png')).status).toBe(401);
    for (const token of [await srv.token('viewer'), await srv.token('editor', 'suncun'), await srv.token('reviewer', 'suncun')]) {
      const res = await qr('target=public&format=svg', token);
      expect(res.status).toBe(403);
      expect(JSON.parse(res.body.toString()).error).toMatch(/admin/);
    }
    const admin = await srv.token('admin');
    const unknown = await qr('target=venue&id=venue-does-not-exist&format=png', admin);
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body.toString()).error).toMatch(/not published/);
    // A draft (written by staff, not approved) is not on the public map either.
    const staff = await connected('street:suncun', admin);
    writeFeature(staff.doc, testVenue('venue-qr-draft', { name: '二维码草稿室' }));
    await until('the server to hold the draft', async () => ((await qr('target=venue&id=venue-qr-draft&format=svg', admin)).status === 404 ? true : null));
    expect((await qr('target=venue&format=png', admin)).status).toBe(400);
    expect((await qr('target=public&format=gif', admin)).status).toBe(400);
    expect((await qr('target=everything&format=png', admin)).status).toBe(400);
  });
});

describe('PUBLIC_URL', () => {
  it('is the address the share card and the QR codes point at, whatever host the request came by', async () => {
    for (const c of clients.splice(0)) c.destroy();
    const site = await startServer({ env: { PUBLIC_URL: 'https://map.example.gov.cn/' } });
    try {
      const html = await (await fetch(`${site.url}/public`)).text();
      const card = cardOf(html);
      expect(card.get('og:url')).toBe('https://map.example.gov.cn/public');
      expect(card.get('og:image')).toBe('https://map.example.gov.cn/public/share.png');
      expect(html).not.toContain(site.url);
      const res = await fetch(`${site.url}/api/qr?target=public&format=svg`, { headers: { authorization: `Bearer ${await site.token('admin')}` } });
      expect(res.headers.get('x-qr-link')).toBe('https://map.example.gov.cn/public');
      expect(svgModules(await res.text())).toEqual(expectedModules('https://map.example.gov.cn/public').dark);
    } finally {
      await site.stop();
    }
  });
});
