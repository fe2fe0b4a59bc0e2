import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { deleteFeature, featuresOf, writeFeature } from '../../model/index.ts';
import { connectClient, syncedClient, until, waitFor, type TestClient } from '../helpers/clients.ts';
import { privateFeatures, testVenue } from '../helpers/features.ts';
import { serverPerFile, startServer, type TestServer } from '../helpers/server.ts';
import { publish } from '../helpers/review.ts';

// Needs the built client (CLIENT_DIR or dist/client): the first view goes into its public.html.
const MARKERS = ['PRIVMARK-5e1d0b', '私密标记丁戊己', '13800001111'];

let srv: TestServer;
const clients = serverPerFile((s) => (srv = s));

const connected = (room: string, token?: string): Promise<TestClient> => syncedClient(srv.wsUrl, room, token, clients);

/** The names a resident's y-websocket client receives for a layer of the public room. */
function publicNames(pub: TestClient, layer: string): string[] {
  const names: string[] = [];
  featuresOf(pub.doc).forEach((entry) => {
    if (entry.get('layer') === layer) names.push(String(entry.get('name')));
  });
  return names.sort();
}

/** The venue names listed in the first view of a `/public` response (HTML-decoded). */
function listedVenues(html: string): string[] {
  const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  return [...html.matchAll(/data-testid="place-item"[^>]*><span class="list-item__name">([^<]*)<\/span>/g)].map((m) => decode(m[1]!)).sort();
}

/** The public doc's state written at the end of the page, as a doc (null when there is none). */
function stateOf(html: string): { doc: Y.Doc; bytes: Buffer } | null {
  const m = /<script type="application\/json" id="public-state">("[A-Za-z0-9+/=]*")<\/script>/.exec(html);
  if (!m) return null;
  const bytes = Buffer.from(JSON.parse(m[1]!) as string, 'base64');
  const doc = new Y.Doc();
  Y.applyUpdate(doc, bytes);
  return { doc, bytes };
}

function names(doc: Y.Doc, layer: string): string[] {
  const out: string[] = [];
  featuresOf(doc).forEach((entry) => {
    if (entry.get('layer') === layer) out.push(String(entry.get('name')));
  });
  return out.sort();
}

const page = async (query = '') => {
  const res = await fetch(`${srv.url}/public${query}`);
  return { status: res.status, html: await res.text(), cache: res.headers.get('cache-control') };
};

describe('the first view of /public, in the HTML itself', () => {
  it('lists every venue of the public room and sketches the zone, before any script or socket; carries the public state for the page', async () => {
    const first = await page();
    expect(first.status).toBe(200);
    expect(first.cache).toBe('no-cache');
    const pub = await connected('public');
    expect(publicNames(pub, 'venue').length).toBeGreaterThan(0);
    expect(listedVenues(first.html)).toEqual(publicNames(pub, 'venue'));
    expect(first.html).toMatch(/data-testid="first-view-sketch" data-drawn="true"><svg viewBox="0 0 1000 \d+"/);
    // The page's own script still loads after it: the first view sits before the root.
    expect(first.html.indexOf('id="first-view"')).toBeLessThan(first.html.indexOf('<div id="root"></div>'));
    expect(first.html).toContain('class="topbar"');
    // The label-font files the subdistrict names need are named for the page, which fetches them with its map.
    const block = /<script type="application\/json" id="label-fonts">([^<]*)<\/script>/.exec(first.html);
    const fonts = JSON.parse(block![1]!) as string[];
    expect(fonts.length).toBeGreaterThan(0);
    for (const href of fonts) expect(href).toMatch(/^\/assets\/noto-sans-sc-[^"]+-500-normal-[^"]+\.woff2$/);
    // Nothing preloaded with the page: the map and its fonts come after the list.
    expect(first.html).not.toMatch(/<link rel="preload"/);
    for (const href of fonts) expect((await fetch(`${srv.url}${href}`)).status, href).toBe(200);
    // The public doc's state, last in the body (after the page's root), for the page to start from.
    const state = stateOf(first.html)!;
    expect(state).not.toBeNull();
    expect(first.html.indexOf('id="public-state"')).toBeGreaterThan(first.html.indexOf('<div id="root"></div>'));
    for (const layer of ['venue', 'activity', 'partner', 'community', 'street', 'zone']) expect(names(state.doc, layer), layer).toEqual(publicNames(pub, layer));
    // Embedded on the district's site: no header, and its links stay in embed mode.
    const embed = await page('?embed=1');
    expect(embed.html).not.toContain('class="topbar"');
    expect(embed.html).toMatch(/href="\/public\?venue=[^"&]+&amp;embed=1"/);
  });

  it('shows a ?venue= link’s venue as a card instead of the list: its kind, name, hours, community and description', async () => {
    const pub = await connected('public');
    const venue = featuresOf(pub.doc).get('venue-fengyuan-activity-room')!;
    const [name, description] = [String(venue.get('name')), String(venue.get('description'))];
    expect(description.length).toBeGreaterThan(10);
    const linked = await page('?venue=venue-fengyuan-activity-room');
    const card = /<article class="card"[^>]*data-testid="first-view-card" data-id="venue-fengyuan-activity-room">(.*?)<\/article>/.exec(linked.html)?.[1];
    expect(card).toBeDefined();
    expect(card).toContain(`<h2 class="card__name">${name}</h2>`);
    expect(card).toContain(`<p class="card__text">${description}</p>`);
    expect(card).toMatch(/<dt>开放时间<\/dt><dd>[^<]+<\/dd>/);
    expect(card).toMatch(/<dt>所属社区<\/dt><dd>[^<]+社区<\/dd>/);
    // In place of the list (a link leads back to it), in the same first view, with the same state for the page.
    expect(listedVenues(linked.html)).toEqual([]);
    expect(card).toContain('href="/public"');
    expect(stateOf(linked.html)).not.toBeNull();
    // An unknown venue, or another kind of link: the list.
    expect(listedVenues((await page('?venue=no-such-venue')).html)).toEqual(publicNames(pub, 'venue'));
    expect((await page('?venue=venue-fengyuan-activity-room&embed=1')).html).toContain('href="/public?embed=1"');
  });

  it('follows staff edits without a restart, escapes what staff typed, and never carries a private value', async () => {
    const staff = await connected('street:suncun', await srv.token('admin'));
    const pub = await connected('public');
    const id = 'venue-first-view';
    const name = '<b>首屏</b> & “测试”室';
    try {
      writeFeature(staff.doc, { ...testVenue(id, { name, openingHours: '周一至周五 9:00-17:00' }), private: { phone: MARKERS[2], contact: MARKERS[1], notes: MARKERS[0] } });
      for (const f of privateFeatures({ person: 'partner-first-view-person', need: 'need-first-view' }, { name: MARKERS[1]!, description: MARKERS[2]!, needName: `需求${MARKERS[0]}` })) {
        writeFeature(staff.doc, f);
      }
      await publish(srv, staff, [id]);
      await waitFor('the venue to reach the public room', () => featuresOf(pub.doc).has(id), [pub.doc]);
      // The page a visitor loads now has it, escaped, with its hours; nothing private anywhere.
      const html = await until('the first view to list the new venue', async () => {
        const { html } = await page();
        return listedVenues(html).includes(name) ? html : null;
      });
      expect(html).toContain('&lt;b&gt;首屏&lt;/b&gt; &amp; “测试”室');
      expect(html).not.toContain('<b>首屏</b>');
      expect(html).toContain('周一至周五 9:00-17:00');
      for (const m of MARKERS) expect(html, m).not.toContain(m);
      expect(listedVenues(html)).toEqual(publicNames(pub, 'venue'));
      // The state block is base64: look inside it too. It has the venue, without its private fields.
      const state = stateOf(html)!;
      for (const m of MARKERS) expect(state.bytes.includes(Buffer.from(m)), m).toBe(false);
      expect(featuresOf(state.doc).get(id)?.get('name')).toBe(name);
      expect(featuresOf(state.doc).get(id)?.has('private')).toBe(false);
      expect(featuresOf(state.doc).has('need-first-view')).toBe(false);
      expect(featuresOf(state.doc).has('partner-first-view-person')).toBe(false);

      // Renamed by staff: the next page load says so (the cached view follows the public doc).
      featuresOf(staff.doc).get(id)!.set('name', '首屏改名室');
      await publish(srv, staff, [id]);
      await waitFor('the rename to reach the public room', () => featuresOf(pub.doc).get(id)?.get('name') === '首屏改名室', [pub.doc]);
      // (Within a second of a change the previous render may still be served: poll.)
      const renamed = await until('the first view to show the new name', async () => {
        const { html } = await page();
        return listedVenues(html).includes('首屏改名室') ? html : null;
      });
      expect(listedVenues(renamed)).not.toContain(name);
      expect(featuresOf(stateOf(renamed)!.doc).get(id)?.get('name')).toBe('首屏改名室');
    } finally {
      for (const f of [id, 'partner-first-view-person', 'need-first-view']) deleteFeature(staff.doc, f);
      await waitFor('the venue to leave the public room', () => !featuresOf(pub.doc).has(id), [pub.doc]);
    }
    await until('the first view to drop the venue', async () => (listedVenues((await page()).html).includes('首屏改名室') ? null : true));
    expect(listedVenues((await page()).html)).toEqual(publicNames(pub, 'venue'));
  });

  it('renders from the public room also when nobody is connected to it', async () => {
    for (const c of clients.splice(0)) c.destroy();
    const fresh = await startServer();
    try {
      const res = await fetch(`${fresh.url}/public`);
      const html = await res.text();
      const pub = connectClient(fresh.wsUrl, 'public');
      await pub.synced;
      try {
        expect(listedVenues(html)).toEqual(publicNames(pub, 'venue'));
      } finally {
        pub.destroy();
      }
    } finally {
      await fresh.stop();
    }
  });

  it('is not there when the public link is switched off: the clear page only', async () => {
    const admin = await srv.token('admin');
    const put = (enabled: boolean) =>
      fetch(`${srv.url}/api/public-link`, { method: 'PUT', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: JSON.stringify({ enabled }) });
    expect((await put(false)).status).toBe(200);
    try {
      const off = await page();
      expect(off.status).toBe(410);
      expect(off.html).toContain('公开地图已关闭');
      expect(off.html).not.toContain('first-view');
      expect(stateOf(off.html)).toBeNull();
      expect(listedVenues(off.html)).toEqual([]);
    } finally {
      await put(true);
    }
    expect(listedVenues((await page()).html).length).toBeGreaterThan(0);
  });
});
