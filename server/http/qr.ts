import type { Hono } from 'hono';
import QRCode from 'qrcode';
import { z } from 'zod';
import { featuresOf, PUBLIC_ROOM, PUBLIC_WORDS, readFeatureJson } from '../../model/index.ts';
import type { SyncServer } from '../sync/sync-server.ts';
import { requireStaff, type TokenKeys } from './session.ts';
import { siteUrl } from './site-url.ts';

/**
 * QR codes of the public map's link and of each venue's (`/public?venue=<id>`), for an admin to
 * print at the venue's door: `GET /api/qr?target=public|venue&id=…&format=png|svg`. The link is
 * the site's public address (PUBLIC_URL, else the request's origin). A venue must be on the
 * public map — in the `public` room's doc, i.e. published — or there is nothing to point at (404).
 */

const querySchema = z.discriminatedUnion('target', [
  z.object({ target: z.literal('public'), format: z.enum(['png', 'svg']) }).strict(),
  z.object({ target: z.literal('venue'), id: z.string().min(1).max(120), format: z.enum(['png', 'svg']) }).strict(),
]);

/** Printed on paper and scanned from a step away: high error correction, the standard quiet zone of 4 modules. */
const QR_OPTIONS = { errorCorrectionLevel: 'Q', margin: 4 } as const;
const PNG_WIDTH = 1024;

/** A file name's text: no path separators, quotes or control characters, not too long. */
function fileText(s: string): string {
  return [...s.replace(/[\\/:*?"<>|\p{Cc}]+/gu, ' ').replace(/\s+/g, ' ').trim()].slice(0, 60).join('');
}

/** RFC 5987 / 6266: an ASCII name for old clients, the real (Chinese) one as UTF-8 for the rest. */
export function attachment(fallback: string, name: string): string {
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** The public venue's name, or null when the public doc has no venue of that id. */
async function publicVenueName(sync: SyncServer, id: string): Promise<string | null> {
  const read = (doc: Parameters<typeof featuresOf>[0]) => {
    const entry = featuresOf(doc).get(id);
    const f = entry ? readFeatureJson(entry) : null;
    return f?.layer === 'venue' && typeof f.name === 'string' ? f.name : null;
  };
  const loaded = sync.loadedRoom(PUBLIC_ROOM);
  return loaded ? read(loaded.doc) : await sync.withRoom(PUBLIC_ROOM, (room) => read(room.doc));
}

export function mountQr(app: Hono, deps: TokenKeys & { sync: SyncServer; publicUrl?: string | null }): void {
  app.get('/api/qr', async (c) => {
    const auth = requireStaff(c, deps);
    if (!auth.ok) return auth.res;
    if (auth.principal.role !== 'admin') return c.json({ error: 'forbidden: only an admin can make QR codes of the public map' }, 403);
    const parsed = querySchema.safeParse(c.req.query());
    if (!parsed.success) return c.json({ error: 'bad request: expected ?target=public&format=png|svg or ?target=venue&id=<venue id>&format=png|svg' }, 400);
    const q = parsed.data;
    let link = `${siteUrl(c, deps.publicUrl)}/public`;
    let name = `${PUBLIC_WORDS.title}-公开地图-二维码`;
    let fallback = 'sanrenxing-public-map-qr';
    if (q.target === 'venue') {
      const venue = await publicVenueName(deps.sync, q.id);
      if (venue === null) return c.json({ error: `not found: no venue "${q.id}" on the public map (it does not exist, or is not published)` }, 404);
      link += `?venue=${encodeURIComponent(q.id)}`;
      name = `${PUBLIC_WORDS.title}-${fileText(venue)}-二维码`;
      fallback = `sanrenxing-${q.id.replace(/[^a-z0-9_-]/g, '-')}-qr`;
    }
    c.header('Cache-Control', 'no-store');
    c.header('Content-Disposition', attachment(`${fallback}.${q.format}`, `${name}.${q.format}`));
    // The encoded link, for a caption under the printed code or a check by eye.
    c.header('X-QR-Link', link);
    if (q.format === 'svg') {
      const svg = await QRCode.toString(link, { ...QR_OPTIONS, type: 'svg' });
      return c.body(svg, 200, { 'Content-Type': 'image/svg+xml; charset=utf-8' });
    }
    const png = await QRCode.toBuffer(link, { ...QR_OPTIONS, type: 'png', width: PNG_WIDTH });
    return c.body(new Uint8Array(png), 200, { 'Content-Type': 'image/png' });
  });
}
